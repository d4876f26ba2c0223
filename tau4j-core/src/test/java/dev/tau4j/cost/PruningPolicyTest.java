package dev.tau4j.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PruningPolicyTest {

    private static final List<ContextItem> CONVERSATION = List.of(
            ContextItem.pinned("sys", 300),
            ContextItem.of("u1", 400),
            ContextItem.of("a1", 200),
            ContextItem.pinned("note", 100),
            ContextItem.of("u2", 500),
            ContextItem.of("a2", 250));  // total 1750

    @Test
    void deletesOldestUnpinnedItemsUntilUnderTheBound() {
        // 1750 − 400 (u1) = 1350 > 1200; − 200 (a1) = 1150 ≤ 1200.
        assertThat(PruningPolicy.keepInputUnder(1200).itemsToDelete(CONVERSATION)).containsExactly("u1", "a1");
    }

    @Test
    void neverDeletesPinnedOrSystemItemsEvenWhenTheBoundCannotBeMet() {
        // Pinned alone are 400 tokens: every unpinned item goes, the pinned stay.
        assertThat(PruningPolicy.keepInputUnder(100).itemsToDelete(CONVERSATION))
                .containsExactly("u1", "a1", "u2", "a2");
        // Skips over a pinned item in the middle rather than stopping at it: 1750 − 400 − 200 − 500 = 650 ≤ 700.
        assertThat(PruningPolicy.keepInputUnder(700).itemsToDelete(CONVERSATION)).containsExactly("u1", "a1", "u2");
    }

    @Test
    void deletesNothingWhenAlreadyUnder() {
        assertThat(PruningPolicy.keepInputUnder(1750).itemsToDelete(CONVERSATION)).isEmpty();
        assertThat(PruningPolicy.keepInputUnder(0).itemsToDelete(List.of())).isEmpty();
        assertThat(PruningPolicy.none().itemsToDelete(CONVERSATION)).isEmpty();
        assertThatThrownBy(() -> PruningPolicy.keepInputUnder(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
