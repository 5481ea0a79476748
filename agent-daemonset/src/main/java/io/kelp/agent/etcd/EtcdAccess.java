package io.kelp.agent.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.netty.GrpcSslContexts;

import javax.net.ssl.SSLException;
import java.io.File;
import java.nio.charset.StandardCharsets;

/**
 * Where etcd is and how the agent proves who it is: {@code kelp.etcd.endpoints}, {@code
 * kelp.etcd.user} / {@code kelp.etcd.password} and {@code kelp.etcd.ca-file} (the keys the operator
 * and the transfer read too). In a cluster the chart fills them from the operator's etcd Secret.
 *
 * @param endpoints comma-separated URLs ({@code https://} for TLS)
 * @param user      etcd user, or null for anonymous access
 * @param password  its password, or null
 * @param caFile    PEM file of the CA that signed etcd's certificate, or null for the JVM's trust store
 */
public record EtcdAccess(String endpoints, String user, String password, String caFile) {

    public EtcdAccess {
        user = blankToNull(user);
        password = blankToNull(password);
        caFile = blankToNull(caFile);
    }

    public static EtcdAccess anonymous(String endpoints) {
        return new EtcdAccess(endpoints, null, null, null);
    }

    public EtcdAccess withUser(String user, String password) {
        return new EtcdAccess(endpoints, user, password, caFile);
    }

    /** A client that logs in (when a user is set) before its first request and trusts the CA file. */
    public Client connect() {
        ClientBuilder builder = Client.builder().endpoints(endpoints.split(","));
        if (user != null) {
            builder.user(ByteSequence.from(user, StandardCharsets.UTF_8))
                    .password(ByteSequence.from(password == null ? "" : password, StandardCharsets.UTF_8));
        }
        if (caFile != null) {
            try {
                builder.sslContext(GrpcSslContexts.forClient().trustManager(new File(caFile)).build());
            } catch (SSLException | IllegalArgumentException e) {
                throw new IllegalStateException("cannot load the etcd CA from kelp.etcd.ca-file=" + caFile, e);
            }
        }
        return builder.build();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "etcd " + endpoints + (user == null ? " (anonymous)" : " as " + user)
                + (caFile == null ? "" : ", CA " + caFile);
    }
}
