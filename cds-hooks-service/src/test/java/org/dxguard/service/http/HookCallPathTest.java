package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which requests the admission sees: the hook calls alone, told apart by method and path before anything else. */
class HookCallPathTest {

    @Test
    void should_be_a_hook_call_when_it_posts_to_one_service() {
        // given / when / then
        assertThat(CdsHttpHandler.isHookCall("POST", "/cds-services/dxguard-medication-sign")).isTrue();
        assertThat(CdsHttpHandler.isHookCall("POST", "/cds-services/no-such-service"))
            .as("whether the service exists is checked after the token").isTrue();
    }

    @Test
    void should_not_be_a_hook_call_when_it_is_discovery_feedback_or_another_method() {
        // given / when / then
        assertThat(CdsHttpHandler.isHookCall("GET", "/cds-services")).isFalse();
        assertThat(CdsHttpHandler.isHookCall("POST", "/cds-services")).isFalse();
        assertThat(CdsHttpHandler.isHookCall("POST", "/cds-services/")).isFalse();
        assertThat(CdsHttpHandler.isHookCall("POST", "/cds-services/dxguard-medication-sign/feedback")).isFalse();
        assertThat(CdsHttpHandler.isHookCall("GET", "/cds-services/dxguard-medication-sign")).isFalse();
        assertThat(CdsHttpHandler.isHookCall("OPTIONS", "/cds-services/dxguard-medication-sign")).isFalse();
        assertThat(CdsHttpHandler.isHookCall("POST", "/cds-servicesX/a")).isFalse();
        assertThat(CdsHttpHandler.isHookCall("POST", "/metrics")).isFalse();
    }
}
