package dev.dbops.aurora.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * Runs an Argo CD health check (argocd/resource_customizations/GROUP/KIND/health.lua) on a resource as
 * Argo CD does: the object, decoded from JSON into Lua tables, is the global {@code obj}; the script
 * returns a table with {@code status} and {@code message}.
 *
 * <p>{@code main(luaRoot, file...)} prints "file status message" per resource, for e2e/scenarios/argocd.sh.
 */
public final class ArgoCdHealth {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What Argo CD would show. */
  public record Health(String status, String message) {}

  private final Path customizations;

  /** @param customizations the resource_customizations directory */
  public ArgoCdHealth(Path customizations) {
    this.customizations = customizations;
  }

  public Health of(JsonNode resource) throws IOException {
    String group = resource.path("apiVersion").asText().split("/")[0];
    Path script = customizations.resolve(group).resolve(resource.path("kind").asText()).resolve("health.lua");
    return run(Files.readString(script), resource);
  }

  public static Health run(String script, JsonNode resource) {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(resource));
    LuaValue result = globals.load(script, "health.lua").call();
    if (!result.istable()) {
      throw new IllegalStateException("health.lua returned " + result.typename() + ", not a table");
    }
    return new Health(result.get("status").optjstring(null), result.get("message").optjstring(null));
  }

  /** JSON as Argo CD hands it to Lua: objects and arrays become tables (arrays 1-based), null is absent. */
  static LuaValue toLua(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return LuaValue.NIL;
    }
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        table.set(field.getKey(), toLua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.booleanValue());
    }
    if (node.isIntegralNumber()) {
      return LuaValue.valueOf(node.longValue());
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.doubleValue());
    }
    return LuaValue.valueOf(node.asText());
  }

  public static void main(String[] args) throws IOException {
    ArgoCdHealth health = new ArgoCdHealth(Path.of(args[0]));
    for (int i = 1; i < args.length; i++) {
      Health h = health.of(JSON.readTree(Path.of(args[i]).toFile()));
      System.out.println(Path.of(args[i]).getFileName() + "\t" + h.status() + "\t" + h.message());
    }
  }
}
