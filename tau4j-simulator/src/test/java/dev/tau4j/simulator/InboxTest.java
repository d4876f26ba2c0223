package dev.tau4j.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Client frames are bounded per session: past the limit a frame is refused (the connection then closes 1013), never waited for. */
@Timeout(10)
class InboxTest {

    @Test
    void framesPastTheLimitAreRefusedAndTakingOneMakesRoom() {
        Inbox inbox = new Inbox();
        for (int i = 0; i < Inbox.MAX_QUEUED_FRAMES; i++) {
            assertThat(inbox.addFrame(new Inbox.Text("f" + i))).isTrue();
        }
        assertThat(inbox.addFrame(new Inbox.Text("one too many"))).isFalse();
        inbox.add(Inbox.Signal.STOP);
        assertThat(inbox.poll()).isEqualTo(new Inbox.Text("f0"));
        assertThat(inbox.addFrame(new Inbox.Text("room again"))).isTrue();
        assertThat(inbox.addFrame(new Inbox.Text("full again"))).isFalse();
    }
}
