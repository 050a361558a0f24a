package dev.zen.integration.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import dev.zen.integration.DataMapper;
import org.junit.jupiter.api.Test;

class ServiceContextTest {
    @Test
    void givenSettingsWhenAContextIsMadeThenItKeepsAReadOnlyCopyAndResolvesPathsInTheWorkspace() {
        Map<String, String> settings = new HashMap<>(Map.of("file", "acme/tasks.json"));
        ServiceContext context = new ServiceContext(ServiceKind.TASK_STORE, Path.of("ws"), settings, Clock.systemUTC());
        settings.put("file", "changed-later.json");

        assertThat(context.settings()).containsExactly(Map.entry("file", "acme/tasks.json"));
        assertThatThrownBy(() -> context.settings().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(context.workspace()).isAbsolute();
        assertThat(context.resolve(context.setting("file", "default.json")))
                .isEqualTo(Path.of("ws").toAbsolutePath().resolve("acme/tasks.json"));
        assertThat(context.setting("missing", "default.json")).isEqualTo("default.json");
        assertThat(context.resolve("/srv/acme/tasks.json")).isEqualTo(Path.of("/srv/acme/tasks.json"));
    }

    @Test
    void givenANullSettingValueWhenAContextIsMadeThenItIsRefusedNamingTheKey() {
        Map<String, String> settings = new HashMap<>();
        settings.put("file", null);

        assertThatThrownBy(() -> new ServiceContext(ServiceKind.TASK_STORE, Path.of("ws"), settings, Clock.systemUTC()))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("file");
    }

    @Test
    void givenEachKindThenItsTypeIsItsSpiAndOnlyListenersAndCredentialProvidersAreMany() {
        assertThat(ServiceKind.TASK_STORE.type()).isEqualTo(TaskStore.class);
        assertThat(ServiceKind.SYNC_LISTENER.type()).isEqualTo(SyncListener.class);
        assertThat(ServiceKind.AUDIT_LOG.type()).isEqualTo(AuditLog.class);
        assertThat(ServiceKind.values()).filteredOn(ServiceKind::single).containsExactly(ServiceKind.TASK_STORE,
                ServiceKind.RECORD_STORE, ServiceKind.LOCK_PROVIDER, ServiceKind.AUDIT_LOG, ServiceKind.DATA_MAPPER,
                ServiceKind.USER_DIRECTORY);
        assertThat(ServiceKind.DATA_MAPPER.type()).isEqualTo(DataMapper.class);
        assertThat(ServiceKind.USER_DIRECTORY.type()).isEqualTo(UserDirectory.class);
        assertThat(ServiceKind.RECORD_STORE.displayName()).isEqualTo("record store");
    }
}
