package org.certportal.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {

    @Test
    void roundTripsEveryValueIncludingUnicodeAndNulls() {
        Map<String, String> model = new HashMap<>();
        model.put("temporaryPassword", "7KQ2M-XH3PA");
        model.put("name", "Zoë 😀 日本");
        model.put("empty", "");
        model.put("missing", null);
        assertThat(PayloadCodec.decode(PayloadCodec.encode(model))).isEqualTo(model);
    }
}
