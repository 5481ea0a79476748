package io.kelp.testkit.measure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcStatTest {

    @Test
    void cpuTicksAreUtimePlusStimeEvenWhenTheNameHasSpacesAndParentheses() {
        String stat = "4242 (C2 Compiler (x)) S 1 4242 4242 0 -1 4194304 100 0 0 0 1234 56 7 8 20 0 30 0 99 "
                + "1000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        assertThat(ProcStat.cpuTicksOf(stat)).isEqualTo(1234 + 56);
    }

    @Test
    void peakRssIsVmHwmInKib() {
        String status = "Name:\tkcat\nVmPeak:\t  300000 kB\nVmHWM:\t   58776 kB\nVmRSS:\t   40000 kB\n";
        assertThat(ProcStat.peakRssKibOf(status)).isEqualTo(58_776);
    }

    @Test
    void currentRssIsVmRssInKibAndAMissingFieldIsMinusOne() {
        String status = "Name:\tkcat\nVmHWM:\t   58776 kB\nVmRSS:\t   40000 kB\n";
        assertThat(ProcStat.statusKibOf(status, "VmRSS:")).isEqualTo(40_000);
        assertThat(ProcStat.statusKibOf(status, "VmSwap:")).isEqualTo(-1);
    }

    @Test
    void ownProcessIsReadable() {
        long pid = ProcessHandle.current().pid();
        assertThat(ProcStat.cpuTicks(pid)).isGreaterThanOrEqualTo(0);
        assertThat(ProcStat.peakRssKib(pid)).isPositive();
        assertThat(ProcStat.rssKib(pid)).isPositive();
    }
}
