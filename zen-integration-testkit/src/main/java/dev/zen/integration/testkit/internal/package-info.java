/** Helpers shared by the testkit's packages (Jackson mappers, thread factory). Not API: not exported. */
package dev.zen.integration.testkit.internal;
