package lat.warp.registry.internal.imports;

import java.util.List;

/**
 * A member roster as read by {@link MemberRosterParser}.
 *
 * @param entries the members whose rows had no problem, in file order
 * @param problems everything wrong, by line; an import must be refused unless this is empty, since a
 *     roster that silently lost a member would drop that member's contacts
 */
public record Roster(List<RosterEntry> entries, List<LineProblem> problems) {

    public Roster {
        entries = List.copyOf(entries);
        problems = List.copyOf(problems);
    }

    public boolean acceptable() {
        return problems.isEmpty();
    }
}
