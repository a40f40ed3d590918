package lat.warp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import lat.warp.shared.Actor;
import lat.warp.shared.Role;
import org.jspecify.annotations.Nullable;

/**
 * The frame every role × use-case matrix test shares: the columns, the callers, and a hand-written table
 * turned into one case per caller and use case. Each matrix keeps its own use cases and its own table, read
 * off DESIGN.md section 2 and never recomputed from {@code RolePermissions}: a test that repeats the
 * production rule could not catch a mistake in it.
 */
public final class AccessMatrix {

    public static final boolean YES = true;
    public static final boolean NO = false;

    /** The columns of every table, in order: every role, then the anonymous public. */
    public static final List<String> COLUMNS =
            List.of("ADMIN", "ANALYST", "OFFICER", "MEMBER_ADMIN", "MEMBER", "CSIRT", "anonymous");

    private AccessMatrix() {
    }

    /** Who calls: a person with one role, an API token of that role with every scope, or the public. */
    public record Caller(@Nullable Role role, Actor.Kind kind) {
        @Override
        public String toString() {
            return switch (kind) {
                case USER -> role + " user";
                case TOKEN -> role + " token with every scope";
                default -> "anonymous caller";
            };
        }
    }

    /** One line of a table: whether each column may do the use case. */
    public record Row<U>(U useCase, boolean[] allowed) {
        public boolean allows(Caller caller) {
            return allowed[caller.role() == null ? COLUMNS.size() - 1 : COLUMNS.indexOf(caller.role().name())];
        }
    }

    /** One parameterised test: a caller, a use case, and whether the table allows it. */
    public record Case<U>(Caller caller, U useCase, boolean allowed, String sentence) {
        @Override
        public String toString() {
            return caller + (allowed ? " may " : " may not ") + sentence;
        }
    }

    public static <U> Row<U> row(U useCase, boolean... allowed) {
        if (allowed.length != COLUMNS.size()) {
            throw new IllegalArgumentException(useCase + " needs one entry per column");
        }
        return new Row<>(useCase, allowed);
    }

    /** Every role as a user and as a token with every scope, then the public. */
    public static List<Caller> callers() {
        List<Caller> callers = new ArrayList<>();
        for (Role role : Role.values()) {
            callers.add(new Caller(role, Actor.Kind.USER));
            // A token with every scope must be refused exactly what its role is refused: never more.
            callers.add(new Caller(role, Actor.Kind.TOKEN));
        }
        callers.add(new Caller(null, Actor.Kind.ANONYMOUS));
        return callers;
    }

    @SafeVarargs
    public static <U extends Enum<U>> Table<U> table(Class<U> useCases, Function<U, String> sentence,
            Row<U>... rows) {
        Map<U, Row<U>> table = new EnumMap<>(useCases);
        Arrays.stream(rows).forEach(r -> table.put(r.useCase(), r));
        return new Table<>(useCases, sentence, table);
    }

    /** A whole table: its rows by use case. */
    public record Table<U extends Enum<U>>(Class<U> useCases, Function<U, String> sentence, Map<U, Row<U>> rows) {

        public Stream<Case<U>> cases() {
            return callers().stream().flatMap(caller -> Arrays.stream(useCases.getEnumConstants())
                    .map(u -> new Case<>(caller, u, rows.get(u).allows(caller), sentence.apply(u))));
        }

        /** A new role or use case must get a deliberate row or column, not a silent pass. */
        public void assertComplete() {
            assertThat(rows).containsOnlyKeys(useCases.getEnumConstants());
            List<String> roles = Arrays.stream(Role.values()).map(Role::name).toList();
            assertThat(COLUMNS.subList(0, COLUMNS.size() - 1)).containsExactlyElementsOf(roles);
            assertThat(cases()).hasSize((Role.values().length * 2 + 1) * useCases.getEnumConstants().length);
        }
    }
}
