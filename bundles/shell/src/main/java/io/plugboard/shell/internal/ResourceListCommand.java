package io.plugboard.shell.internal;

import java.util.ArrayList;
import java.util.List;

import io.plugboard.api.resource.Kind;
import io.plugboard.api.resource.Resource;
import io.plugboard.api.resource.Scope;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code plugboard:<kind>-list}: a table of the resources of one kind. The columns every kind has come first; a
 * subclass adds its own.
 */
abstract class ResourceListCommand extends ResourceCommand {

    @Option(name = "-o", aliases = "--organization", description = "Only this organization (default: all)")
    String organization;

    @Option(name = "-c", aliases = "--canvas",
            description = "Only this canvas (default: any, organization-wide resources included)")
    String canvas;

    abstract Kind kind();

    /** Headers of the columns after Name, Organization, Canvas, Generation, Updated. */
    abstract List<String> extraColumns();

    /** The cells of {@link #extraColumns()} for one resource. */
    abstract List<Object> extraCells(Resource resource);

    @Override
    public Object execute() {
        String org = blankToNull(organization);
        String canvasId = blankToNull(canvas);
        ShellTable table = new ShellTable();
        for (String column : List.of("Name", "Organization", "Canvas", "Generation", "Updated")) {
            table.column(column);
        }
        extraColumns().forEach(table::column);
        table.emptyTableText(emptyText(org, canvasId));
        for (Resource r : resources().list(kind(), org, canvasId)) {
            List<Object> row = new ArrayList<>(List.of(r.name(), r.scope().organization(),
                    Format.orDash(r.scope().canvasId()), r.generation(), Format.time(r.updatedAt())));
            row.addAll(extraCells(r));
            table.addRow().addContent(row);
        }
        table.print(out);
        return null;
    }

    private String emptyText(String org, String canvasId) {
        String where = "";
        if (canvasId != null) {
            where = org == null ? " in canvas '" + canvasId + "'" : " in " + Format.describe(new Scope(org, canvasId));
        } else if (org != null) {
            where = " in " + Format.describe(Scope.organization(org));
        }
        return "No " + Format.plural(kind()) + where + ". Create them with plugboard:apply <file>"
                + (kind() == Kind.SECRET ? " or plugboard:secret-set." : ".");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
