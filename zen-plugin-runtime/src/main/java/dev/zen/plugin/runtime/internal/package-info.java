/** Implementation of the plugin runtime. Not an API: may change in any release. */
package dev.zen.plugin.runtime.internal;
