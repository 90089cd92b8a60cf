package org.kepu.review.checks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.core.type.TypeReference;

/** The fact table ({@code reference-values.json}): quantities, their accepted ranges and unit sets. */
public final class ReferenceValues {

    /** A unit: canonical = value × factor + offset (the offset is for K and ℉). */
    record Unit(String text, double factor, double offset) {
        double toCanonical(double v) {
            return v * factor + offset;
        }
    }

    record File(
            String version,
            Map<String, String> canonicalUnits,
            Map<String, Map<String, List<Double>>> unitSets,
            List<ReferenceValue> quantities) {}

    record Compiled(
            ReferenceValue value,
            Pattern aliases,
            Pattern requires,
            Pattern excludes,
            List<Unit> units,
            String canonicalUnit) {}

    private final String version;
    private final List<Compiled> quantities;

    private ReferenceValues(File file) {
        this.version = file.version();
        List<Compiled> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ReferenceValue v : file.quantities()) {
            if (!ids.add(v.id())) {
                throw new IllegalStateException("duplicate quantity " + v.id());
            }
            Map<String, List<Double>> set = file.unitSets().get(v.units());
            if (set == null) {
                throw new IllegalStateException(v.id() + " refers to unknown unit set " + v.units());
            }
            String canonical = file.canonicalUnits().get(v.units());
            if (canonical == null) {
                throw new IllegalStateException("unit set " + v.units() + " has no canonical unit");
            }
            List<Unit> units = new ArrayList<>();
            set.forEach((text, def) -> units.add(new Unit(text, def.get(0), def.get(1))));
            // Longest first, so 公里/小时 wins over 公里 and 摄氏度 over 度.
            units.sort(Comparator.comparingInt((Unit u) -> u.text().length()).reversed());
            out.add(new Compiled(
                    v,
                    Terms.compile(v.aliases()),
                    Terms.compile(v.requires()),
                    Terms.compile(v.excludes()),
                    units,
                    canonical));
        }
        this.quantities = List.copyOf(out);
    }

    private static final class Holder {
        static final ReferenceValues BUILT_IN = load("reference-values.json");
    }

    private static final class ShippedUnits {
        static final File FILE = Resources.json("reference-values.json", new TypeReference<File>() {});
    }

    /**
     * A table of the given quantities with the shipped unit sets: how quantities kept in the knowledge
     * base are put in force.
     *
     * @throws IllegalStateException for duplicate ids or an unknown unit set
     */
    public static ReferenceValues of(String version, List<ReferenceValue> quantities) {
        File shipped = ShippedUnits.FILE;
        return new ReferenceValues(new File(version, shipped.canonicalUnits(), shipped.unitSets(), quantities));
    }

    public static ReferenceValues builtIn() {
        return Holder.BUILT_IN;
    }

    static ReferenceValues load(String resource) {
        File file = Resources.json(resource, new TypeReference<File>() {});
        if (file.quantities() == null
                || file.quantities().isEmpty()
                || file.unitSets() == null
                || file.canonicalUnits() == null) {
            throw new IllegalStateException(resource + " holds no quantities");
        }
        return new ReferenceValues(file);
    }

    public String version() {
        return version;
    }

    public List<ReferenceValue> quantities() {
        return quantities.stream().map(Compiled::value).toList();
    }

    List<Compiled> compiled() {
        return quantities;
    }
}
