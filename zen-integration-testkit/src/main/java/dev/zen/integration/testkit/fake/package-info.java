/**
 * What the testkit's HTTP fakes (FakeJira, FakeGitHub) share: one fault-injection design ({@link
 * dev.zen.integration.testkit.fake.Fault}, {@link dev.zen.integration.testkit.fake.FaultRule}, the control API's
 * {@code /_fake/faults} JSON in {@link dev.zen.integration.testkit.fake.FaultJson}), the request log ({@link
 * dev.zen.integration.testkit.fake.RecordedRequest}) and the HTTP plumbing ({@link
 * dev.zen.integration.testkit.fake.FakeHttpServer}).
 */
package dev.zen.integration.testkit.fake;
