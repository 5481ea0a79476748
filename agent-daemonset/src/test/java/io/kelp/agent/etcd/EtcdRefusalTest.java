package io.kelp.agent.etcd;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class EtcdRefusalTest {

    @Test
    void anUnreachableEtcdIsNoRefusal() {
        assertThat(EtcdRefusal.explain(new ExecutionException(Status.UNAVAILABLE
                .withDescription("io exception").asRuntimeException()))).isEmpty();
        assertThat(EtcdRefusal.explain(new TimeoutException())).isEmpty();
    }

    @Test
    void aWrongPasswordNamesEtcdAuthenticationAndTheKeysToSet() {
        // jetcd's shape: UNAUTHENTICATED outside, etcd's own message at the root.
        Exception failure = new ExecutionException(Status.UNAUTHENTICATED.withCause(Status.INVALID_ARGUMENT
                .withDescription("etcdserver: authentication failed, invalid user ID or password")
                .asRuntimeException()).asRuntimeException());
        assertThat(EtcdRefusal.explain(failure)).hasValueSatisfying(sentence -> assertThat(sentence)
                .contains("etcd authentication refused the agent", "invalid user ID or password", "kelp.etcd.user",
                        "etcd.auth.secretName"));
    }

    @Test
    void anAnonymousRequestOrAMissingPermissionIsARefusal() {
        assertThat(EtcdRefusal.explain(new ExecutionException(Status.INVALID_ARGUMENT
                .withDescription("etcdserver: user name is empty").asRuntimeException()))).isPresent();
        assertThat(EtcdRefusal.explain(Status.PERMISSION_DENIED
                .withDescription("etcdserver: permission denied").asRuntimeException())).isPresent();
    }

    @Test
    void theDescriptionOfTheAccessNeverShowsThePassword() {
        EtcdAccess access = EtcdAccess.anonymous("https://etcd:2379").withUser("kelp", "s3cret");
        assertThat(access.toString()).contains("kelp").doesNotContain("s3cret");
        assertThat(EtcdAccess.anonymous("http://etcd:2379").withUser(" ", "").user()).as("blank: anonymous").isNull();
    }
}
