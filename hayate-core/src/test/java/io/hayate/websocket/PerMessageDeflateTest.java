package io.hayate.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Negotiation of permessage-deflate (RFC 7692 §5, §7.1); compression itself is in {@link PerMessageDeflateCodecTest}. */
class PerMessageDeflateTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "permessage-deflate | permessage-deflate",
        "permessage-deflate; client_max_window_bits | permessage-deflate",
        "permessage-deflate; client_max_window_bits=10 | permessage-deflate",
        "permessage-deflate; server_no_context_takeover | permessage-deflate; server_no_context_takeover",
        "permessage-deflate; client_no_context_takeover | permessage-deflate; client_no_context_takeover",
        "permessage-deflate; server_max_window_bits=15 | permessage-deflate; server_max_window_bits=15",
        "permessage-deflate; server_max_window_bits=\"15\" | permessage-deflate; server_max_window_bits=15",
        "PerMessage-Deflate ;  Server_No_Context_Takeover | permessage-deflate; server_no_context_takeover",
        "x-webkit-deflate-frame, permessage-deflate; client_max_window_bits | permessage-deflate",
        "permessage-deflate; server_max_window_bits=10, permessage-deflate; client_no_context_takeover | permessage-deflate; client_no_context_takeover",
        ", , permessage-deflate | permessage-deflate",
        "permessage-deflate; client_no_context_takeover; server_no_context_takeover; server_max_window_bits=15; client_max_window_bits"
                + " | permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=15",
    })
    void server_accepts_supported_offers(String offer, String response) {
        Optional<PerMessageDeflate> agreed = PerMessageDeflate.negotiate(offer);
        assertThat(agreed).isPresent();
        assertThat(agreed.get().headerValue()).isEqualTo(response);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "x-webkit-deflate-frame",
        "permessage-deflate; server_max_window_bits=14",   // the JDK deflater always uses 15 bits
        "permessage-deflate; server_max_window_bits=8",
        "permessage-deflate; server_max_window_bits",      // a value is required
        "permessage-deflate; server_max_window_bits=015",  // no leading zeros
        "permessage-deflate; server_max_window_bits=16",
        "permessage-deflate; client_max_window_bits=7",
        "permessage-deflate; client_max_window_bits=\"\"",
        "permessage-deflate; server_no_context_takeover=1",
        "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
        "permessage-deflate; mystery",
        "permessage-deflate;",                             // malformed: declines everything
        "permessage-deflate; a=\"unterminated",
        "permessage-deflate x",
    })
    void server_declines_what_it_cannot_do(String offer) {
        assertThat(PerMessageDeflate.negotiate(offer)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void no_offer_no_extension(String offer) {
        assertThat(PerMessageDeflate.negotiate(offer)).isEmpty();
    }

    @Test
    void client_offers() {
        assertThat(PerMessageDeflate.DEFAULTS.headerValue()).isEqualTo("permessage-deflate");
        assertThat(new PerMessageDeflate(true, true, 10, 0).headerValue())
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10");
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        // offer (snct, cnct, server bits) | response | agreed header value
        "false,false,0 | permessage-deflate | permessage-deflate",
        "false,false,0 | permessage-deflate; server_no_context_takeover | permessage-deflate; server_no_context_takeover",
        "false,false,0 | permessage-deflate; client_no_context_takeover | permessage-deflate; client_no_context_takeover",
        "false,false,0 | permessage-deflate; server_max_window_bits=10 | permessage-deflate; server_max_window_bits=10",
        "false,false,12 | permessage-deflate; server_max_window_bits=12 | permessage-deflate; server_max_window_bits=12",
        "false,false,12 | permessage-deflate; server_max_window_bits=9 | permessage-deflate; server_max_window_bits=9",
        "true,false,0 | permessage-deflate; server_no_context_takeover | permessage-deflate; server_no_context_takeover",
        // the client keeps its own no-context-takeover whatever the answer says
        "false,true,0 | permessage-deflate | permessage-deflate; client_no_context_takeover",
    })
    void client_accepts_answers_its_offer_allows(String offer, String response, String agreed) {
        assertThat(offer(offer).acceptResponse(response)).map(PerMessageDeflate::headerValue).hasValue(agreed);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "false,false,0 | permessage-deflate; client_max_window_bits=15",
        "false,false,0 | permessage-deflate; client_max_window_bits",
        "false,false,12 | permessage-deflate; server_max_window_bits=13",
        "false,false,12 | permessage-deflate",
        "true,false,0 | permessage-deflate",
        "false,false,0 | permessage-deflate; server_max_window_bits=16",
        "false,false,0 | permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "false,false,0 | permessage-deflate; server_no_context_takeover=yes",
        "false,false,0 | permessage-deflate; mystery",
        "false,false,0 | permessage-deflate, permessage-deflate",
        "false,false,0 | x-webkit-deflate-frame",
        "false,false,0 | permessage-deflate;",
    })
    void client_refuses_answers_its_offer_does_not_allow(String offer, String response) {
        assertThatThrownBy(() -> offer(offer).acceptResponse(response)).isInstanceOf(HandshakeException.class)
                .extracting(e -> ((HandshakeException) e).error()).isEqualTo(HandshakeError.UNEXPECTED_EXTENSION);
    }

    @Test
    void client_without_an_answer_goes_uncompressed() {
        assertThat(PerMessageDeflate.DEFAULTS.acceptResponse(null)).isEmpty();
        assertThat(PerMessageDeflate.DEFAULTS.acceptResponse("")).isEmpty();
    }

    @Test
    void parameters_are_checked() {
        assertThatThrownBy(() -> new PerMessageDeflate(false, false, 7, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PerMessageDeflate(false, false, 0, 16)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PerMessageDeflate(false, false, 0, 15).acceptResponse("permessage-deflate"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void no_context_takeover_applies_to_the_sender() {
        PerMessageDeflate p = new PerMessageDeflate(true, false, 0, 0);
        assertThat(p.noContextTakeover(Role.SERVER)).isTrue();
        assertThat(p.noContextTakeover(Role.CLIENT)).isFalse();
    }

    private static PerMessageDeflate offer(String csv) {
        String[] f = csv.split(",");
        return new PerMessageDeflate(Boolean.parseBoolean(f[0].strip()), Boolean.parseBoolean(f[1].strip()),
                Integer.parseInt(f[2].strip()), 0);
    }
}
