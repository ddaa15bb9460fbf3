package org.virtd.api;

/** What {@code virNodeGetSecurityModel} reports: the model name and its domain of interpretation (both may be empty). */
public record SecurityModel(String model, String doi) {
}
