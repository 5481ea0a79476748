package io.kelp.testkit;

import java.util.List;

/** A JVM for {@link ManagedProcessIT}: starts a child through the kit, reports it, then waits to be killed. */
public final class OrphanProbe {

    public static void main(String[] args) throws Exception {
        ManagedProcess child = ManagedProcess.command("orphan-probe-child", List.of("sleep", "300")).start();
        System.out.println("message=" + System.getProperty("probe.message"));
        System.out.println("child-pid=" + child.pid());
        Thread.sleep(300_000);
    }
}
