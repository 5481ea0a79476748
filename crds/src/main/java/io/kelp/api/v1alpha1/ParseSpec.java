package io.kelp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

public class ParseSpec {

    /** The on-disk framing; values match {@code io.kelp.contract.LogFormat} wire names. */
    public enum Format {
        cri, @com.fasterxml.jackson.annotation.JsonProperty("docker-json") docker_json, plain
    }

    @Default("cri")
    @JsonPropertyDescription("Framing of the log files: cri (containerd, CRI-O), docker-json (Docker json-file) or plain.")
    private Format format = Format.cri;

    public Format getFormat() {
        return format;
    }

    public void setFormat(Format format) {
        this.format = format;
    }
}
