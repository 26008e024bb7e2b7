package dev.grantwire.demo.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A work item as the example API shows it (the fields this app displays). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkItem(long id, String title, String state) {}
