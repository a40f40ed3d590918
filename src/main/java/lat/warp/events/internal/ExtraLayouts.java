package lat.warp.events.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The names of events' {@code extra} fields, stored once per distinct set instead of in every row (ADR 0015):
 * a row holds the id of its layout and a JSON array of its values in the layout's order. A Shadowserver report
 * has one layout for the whole file; its names were half of each row's {@code extra}.
 *
 * <p>A layout is registered the first time it is met, in a transaction of its own, so that it is committed
 * before any batch refers to it (a batch rolled back leaves an unused layout, which is harmless). Layouts are
 * never changed nor deleted, so every node may cache them.
 *
 * <p>Layouts registered since ADR 0023 are <em>packed</em>: their rows hold hexadecimal values as
 * {@link HexValues} writes them. A layout registered before keeps its rows as they were written; the same
 * names are registered again, packed, for the rows written since.
 */
@Component
public class ExtraLayouts {

    private final @Nullable JdbcClient jdbc;
    private final @Nullable TransactionTemplate ownTransaction;
    private final Map<List<String>, Integer> idByNames = new ConcurrentHashMap<>();
    private final Map<Integer, Layout> byId = new ConcurrentHashMap<>();
    /**
     * By the very array a parser's layout shares with each of its rows: no list made per row. Weak, so that
     * the arrays of files long parsed go (arrays are compared by identity).
     */
    private final Map<String[], Integer> idByArray = new WeakHashMap<>();
    private final int maxLayouts;
    private final AtomicInteger localIds = new AtomicInteger();

    @Autowired
    ExtraLayouts(JdbcClient jdbc, PlatformTransactionManager transactions,
            @Value("${warp.events.max-extra-layouts:10000}") int maxLayouts) {
        this.jdbc = jdbc;
        this.maxLayouts = maxLayouts;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    private ExtraLayouts(int maxLayouts) {
        this.jdbc = null;
        this.ownTransaction = null;
        this.maxLayouts = maxLayouts;
    }

    /** Layouts numbered in memory only, for tests of the row format. */
    static ExtraLayouts inMemory(int maxLayouts) {
        return new ExtraLayouts(maxLayouts);
    }

    /**
     * The id of the layout of these names (in this order), registered if new; {@link #NONE} once this node knows
     * {@code warp.events.max-extra-layouts} layouts and these names are not among them: the row then keeps its
     * names ({@code extra} as a JSON object), so that a feed whose every row names other fields cannot fill the
     * table and this cache.
     */
    public int idOf(List<String> names) {
        Integer id = idByNames.get(names);
        if (id != null) {
            return id;
        }
        if (idByNames.size() >= maxLayouts) {
            return NONE;
        }
        return idByNames.computeIfAbsent(List.copyOf(names), this::register);
    }

    /** See {@link #idOf(List)}. */
    public static final int NONE = -1;

    /** {@link #idOf(List)} for the names array a parser's layout shares with its rows. */
    int idOf(String[] names) {
        synchronized (idByArray) {
            Integer id = idByArray.get(names);
            if (id == null) {
                id = idOf(List.of(names));
                idByArray.put(names, id);
            }
            return id;
        }
    }

    /** The names of a layout, in order. */
    public List<String> names(int id) {
        return layout(id).names();
    }

    /** Whether a layout's rows hold hexadecimal values packed ({@link HexValues}): every layout {@link #idOf} gives. */
    boolean packed(int id) {
        return layout(id).packed();
    }

    private Layout layout(int id) {
        return byId.computeIfAbsent(id, this::load);
    }

    private record Layout(List<String> names, boolean packed) {
    }

    private int register(List<String> names) {
        int id;
        if (jdbc == null || ownTransaction == null) {
            id = localIds.incrementAndGet();
        } else {
            String[] array = names.toArray(String[]::new);
            Integer stored = ownTransaction.execute(s -> {
                jdbc.sql("insert into event_extra_layouts (names, packed) values (cast(? as text[]), true)"
                                + " on conflict (names, packed) do nothing")
                        .param(array).update();
                return jdbc.sql("select id from event_extra_layouts where names = cast(? as text[]) and packed")
                        .param(array).query(Integer.class).single();
            });
            id = java.util.Objects.requireNonNull(stored);
        }
        byId.put(id, new Layout(names, true));
        return id;
    }

    private Layout load(int id) {
        if (jdbc == null) {
            throw new IllegalStateException("no extra layout " + id);
        }
        Layout layout = jdbc.sql("select names, packed from event_extra_layouts where id = ?").param(id)
                .query((rs, n) -> {
                    Object[] array = (Object[]) rs.getArray(1).getArray();
                    List<String> list = new ArrayList<>(array.length);
                    for (Object o : array) {
                        list.add((String) o);
                    }
                    return new Layout(List.copyOf(list), rs.getBoolean(2));
                })
                .optional().orElseThrow(() -> new IllegalStateException("no extra layout " + id));
        if (layout.packed()) {
            idByNames.putIfAbsent(layout.names(), id);
        }
        return layout;
    }
}
