package io.kelp.operator.desired;

import io.kelp.api.v1alpha1.ClusterLogCollection;
import io.kelp.api.v1alpha1.LogCollection;
import io.kelp.api.v1alpha1.MultilineSpec;
import io.kelp.contract.CollectionRef;
import io.kelp.contract.CollectionTask;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterCollectionDesiredStateTest {

    @Test
    void clusterCollectionTaskCarriesNamespacesHostPathsAndHostLabelsUnderThePseudoNamespace() {
        ClusterLogCollection nodes = Collections.clusterCollection("nodes", 2);
        nodes.getSpec().setNamespaces(List.of("shop", "pay"));
        nodes.getSpec().getSelector().setMatchLabels(Map.of("tier", "front"));
        nodes.getSpec().setHostPaths(List.of("/var/log/syslog", "/var/log/app/*.log"));
        nodes.getSpec().setHostLabels(Map.of("role", "db"));

        DesiredState desired = DesiredState.of(nodes);

        assertThat(desired.ref()).isEqualTo(CollectionRef.cluster("nodes"));
        CollectionTask.Source source = desired.task().source();
        assertThat(source.namespaces()).containsExactly("shop", "pay");
        assertThat(source.matchLabels()).containsExactlyEntriesOf(Map.of("tier", "front"));
        assertThat(source.hostPaths()).containsExactly("/var/log/syslog", "/var/log/app/*.log");
        assertThat(source.hostLabels()).containsExactlyEntriesOf(Map.of("role", "db"));
        assertThat(desired.task().sink().topic()).isEqualTo("kelp._cluster.nodes");
        assertThat(desired.indexTemplate().name()).isEqualTo("kelp-_cluster_nodes");
        assertThat(desired.topic().name()).isEqualTo("kelp._cluster.nodes");
    }

    @Test
    void namespacedCollectionTaskNeverSelectsAnotherNamespaceOrHostFiles() {
        LogCollection web = Collections.collection("shop", "web", 1);
        CollectionTask task = DesiredState.of(web).task();
        assertThat(task.source().namespaces()).containsExactly("shop");
        assertThat(task.source().hostPaths()).isEmpty();
        assertThat(task.source().hostLabels()).isEmpty();
        assertThat(task.source().selectsHost(Map.of())).isFalse();
    }

    @Test
    void multilineAndJsonFieldsReachTheTaskOfBothKinds() throws Exception {
        LogCollection web = Collections.collection("shop", "web", 1);
        MultilineSpec multiline = new MultilineSpec();
        multiline.setStartPattern("^\\d{4}-");
        web.getSpec().getParse().setMultiline(multiline);
        web.getSpec().getParse().setJsonFields(true);
        ClusterLogCollection nodes = Collections.clusterCollection("nodes", 1);
        nodes.getSpec().setHostPaths(List.of("/var/log/*.log"));
        nodes.getSpec().getParse().setMultiline(multiline);

        CollectionTask.Parse parse = DesiredState.of(web).task().parse();
        assertThat(parse.multiline()).isEqualTo(new CollectionTask.Multiline("^\\d{4}-", 1000L));
        assertThat(parse.jsonFields()).isTrue();
        assertThat(DesiredState.of(nodes).task().parse().multiline().startPattern()).isEqualTo("^\\d{4}-");
        assertThat(DesiredState.of(nodes).task().parse().jsonFields()).isFalse();
        DesiredState.of(web).task().validate();
    }

    @Test
    void invalidMultilinePatternIsRefusedNamingTheField() {
        LogCollection web = Collections.collection("shop", "web", 1);
        MultilineSpec multiline = new MultilineSpec();
        multiline.setStartPattern("(unclosed");
        web.getSpec().getParse().setMultiline(multiline);

        assertThat(SpecValidator.problems(web)).singleElement().asString()
                .startsWith("spec.parse.multiline.startPattern");
    }

    @Test
    void clusterCollectionMustSelectSomethingWithValidNamespacesAndAbsolutePaths() {
        ClusterLogCollection empty = Collections.clusterCollection("empty", 1);
        assertThat(SpecValidator.problems(empty)).singleElement().asString().contains("spec.namespaces, spec.hostPaths");

        ClusterLogCollection bad = Collections.clusterCollection("bad", 1);
        bad.getSpec().setNamespaces(List.of("Shop_1"));
        bad.getSpec().setHostPaths(List.of("var/log/x.log"));
        bad.getSpec().setHostLabels(Map.of("role", "a b"));
        assertThat(SpecValidator.problems(bad)).anySatisfy(p -> assertThat(p).startsWith("spec.namespaces: 'Shop_1'"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.hostPaths: 'var/log/x.log'"))
                .anySatisfy(p -> assertThat(p).startsWith("spec.hostLabels.role"))
                .hasSize(3);
    }
}
