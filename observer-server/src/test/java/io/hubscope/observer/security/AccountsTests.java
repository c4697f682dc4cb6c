package io.hubscope.observer.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hubscope.observer.ObserverTestSupport;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.userdetails.UserDetails;

class AccountsTests {

  static final ConfiguredUser VIEWER =
      new ConfiguredUser(ObserverTestSupport.VIEWER, ObserverTestSupport.VIEWER_HASH, Role.VIEWER);

  @Test
  void configuredUser_takesOnlyABcryptHash_neverAPassword() {
    assertThatThrownBy(() -> new ConfiguredUser("ops", "a-plain-password-here", Role.ADMIN))
        .hasMessageContaining("not a bcrypt hash");
    assertThatThrownBy(() -> new ConfiguredUser("ops", "{noop}secret", Role.ADMIN))
        .hasMessageContaining("not a bcrypt hash");
    assertThatThrownBy(() -> new ConfiguredUser("ops", ObserverTestSupport.VIEWER_HASH.substring(1), Role.ADMIN))
        .hasMessageContaining("not a bcrypt hash");
    assertThat(new ConfiguredUser("ops", "{bcrypt}" + ObserverTestSupport.OPS_HASH, Role.ADMIN).passwordHash())
        .isEqualTo(ObserverTestSupport.OPS_HASH);
    assertThat(VIEWER.toString()).doesNotContain(ObserverTestSupport.VIEWER_HASH);
  }

  @Test
  void configuredUser_needsANameAndARole() {
    assertThatThrownBy(() -> new ConfiguredUser("bad name", ObserverTestSupport.OPS_HASH, Role.ADMIN))
        .hasMessageContaining("name");
    assertThatThrownBy(() -> new ConfiguredUser("ops", ObserverTestSupport.OPS_HASH, null))
        .hasMessageContaining("role");
    assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("viewer or admin");
    assertThat(Role.parse(" Admin ")).isEqualTo(Role.ADMIN);
  }

  @Test
  void singleAdmin_staysWithoutUsers_orWithAPassword_andGoesWhenUsersReplaceIt() {
    assertThat(new Accounts(new Credentials("admin", ""), List.of()).names()).containsExactly("admin");
    assertThat(new Accounts(new Credentials("admin", "twelve-chars"), List.of(VIEWER)).names())
        .containsExactly("admin", ObserverTestSupport.VIEWER);
    assertThat(new Accounts(new Credentials("admin", ""), List.of(VIEWER)).names())
        .containsExactly(ObserverTestSupport.VIEWER);
  }

  @Test
  void aNameConfiguredTwice_stopsStartup() {
    assertThatThrownBy(() -> new Accounts(new Credentials("admin", "twelve-chars"),
        List.of(new ConfiguredUser("Admin", ObserverTestSupport.OPS_HASH, Role.VIEWER))))
        .hasMessageContaining("configured twice");
  }

  @Test
  void users_getTheirRoles_andTheSingleAdminIsAdmin() {
    var encoder = new SecurityConfiguration().passwordEncoder();
    var users = new SecurityConfiguration().users(
        new Accounts(new Credentials("admin", "twelve-chars"), List.of(VIEWER)), encoder);
    UserDetails admin = users.findByUsername("admin").block();
    UserDetails viewer = users.findByUsername(ObserverTestSupport.VIEWER).block();
    assertThat(admin.getAuthorities()).extracting(a -> a.getAuthority()).containsExactly("ROLE_ADMIN");
    assertThat(viewer.getAuthorities()).extracting(a -> a.getAuthority()).containsExactly("ROLE_VIEWER");
    assertThat(encoder.matches(ObserverTestSupport.VIEWER_PASSWORD, viewer.getPassword())).isTrue();
    assertThat(encoder.matches("twelve-chars", admin.getPassword())).isTrue();
  }
}
