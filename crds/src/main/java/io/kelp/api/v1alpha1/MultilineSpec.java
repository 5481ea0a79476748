package io.kelp.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class MultilineSpec {

    @Required
    @JsonPropertyDescription("A Java regular expression; a line in which it is found starts a new event, any other line "
            + "continues the previous event (e.g. ^\\S for stack traces whose continuation lines are indented). "
            + "The operator refuses a pattern that does not compile.")
    private String startPattern;

    @Default("1000")
    @Min(1)
    @Max(60000)
    @JsonPropertyDescription("An unfinished event is shipped after waiting this many milliseconds for another line. Default 1000.")
    private Long maxWaitMillis = 1000L;

    public String getStartPattern() {
        return startPattern;
    }

    public void setStartPattern(String startPattern) {
        this.startPattern = startPattern;
    }

    public Long getMaxWaitMillis() {
        return maxWaitMillis;
    }

    public void setMaxWaitMillis(Long maxWaitMillis) {
        this.maxWaitMillis = maxWaitMillis;
    }
}
