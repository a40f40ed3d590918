package lat.warp.reporting;

import static lat.warp.reporting.IncidentState.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every pair of states, allowed or forbidden, against a table written out by hand from issue 5. */
class IncidentStateUnitTest {

    private static final Map<IncidentState, Set<IncidentState>> ALLOWED = new EnumMap<>(IncidentState.class);

    static {
        ALLOWED.put(NEW, EnumSet.of(TRIAGED, REJECTED));
        ALLOWED.put(TRIAGED, EnumSet.of(NOTIFIED, REJECTED, CLOSED));
        ALLOWED.put(NOTIFIED, EnumSet.of(ACKNOWLEDGED, RESOLVED, CLOSED));
        ALLOWED.put(ACKNOWLEDGED, EnumSet.of(RESOLVED, CLOSED));
        ALLOWED.put(RESOLVED, EnumSet.of(CLOSED, REOPENED));
        ALLOWED.put(CLOSED, EnumSet.of(REOPENED));
        ALLOWED.put(REJECTED, EnumSet.of(REOPENED));
        ALLOWED.put(REOPENED, EnumSet.of(TRIAGED, NOTIFIED, CLOSED, REJECTED));
    }

    record Move(IncidentState from, IncidentState to, boolean allowed) {
        @Override
        public String toString() {
            return from + " → " + to + (allowed ? " is allowed" : " is forbidden");
        }
    }

    static Stream<Move> everyMove() {
        List<Move> moves = new ArrayList<>();
        for (IncidentState from : IncidentState.values()) {
            for (IncidentState to : IncidentState.values()) {
                moves.add(new Move(from, to, ALLOWED.get(from).contains(to)));
            }
        }
        return moves.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyMove")
    void eachMoveIsAllowedExactlyWhenTheTableSaysSo(Move move) {
        assertThat(move.from().canMoveTo(move.to())).isEqualTo(move.allowed());
        assertThat(move.from().next().contains(move.to())).isEqualTo(move.allowed());
    }

    @Test
    void theTableCoversEveryStateAndNoStateMovesToItself() {
        assertThat(ALLOWED).containsOnlyKeys(IncidentState.values());
        for (IncidentState s : IncidentState.values()) {
            assertThat(s.canMoveTo(s)).as(s.name()).isFalse();
        }
    }

    @Test
    void resolvedClosedAndRejectedIncidentsAreNoLongerOpen() {
        assertThat(EnumSet.allOf(IncidentState.class).stream().filter(s -> !s.isOpen()))
                .containsExactlyInAnyOrder(RESOLVED, CLOSED, REJECTED);
    }

    @Test
    void aForbiddenMoveNamesWhereItCouldGoInstead() {
        IllegalTransitionException e = new IllegalTransitionException(CLOSED, ACKNOWLEDGED);
        assertThat(e.getMessage()).contains("CLOSED").contains("ACKNOWLEDGED").contains("REOPENED");
        assertThat(e.field()).isEqualTo("state");
    }
}
