package dev.fedroute.it.cluster.probe;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import javax.naming.NamingException;

/**
 * Reads and writes a cache of the server's data grid directly (at {@code api/grid}), to see that
 * the nodes formed one grid and what Fedroute shared through it; a subclass reaches the server's
 * grid.
 */
@Produces(MediaType.TEXT_PLAIN)
public abstract class GridProbe {
  /**
   * Reads a key of a cache.
   *
   * @param cache the cache name
   * @param key the key
   * @return the value, or an empty body
   * @throws NamingException without the server's grid
   */
  @GET
  public String read(@QueryParam("cache") String cache, @QueryParam("key") String key)
      throws NamingException {
    String value = get(cache, key);
    return value == null ? "" : value;
  }

  /**
   * Writes a key of a cache.
   *
   * @param cache the cache name
   * @param key the key
   * @param value the value
   * @return {@code stored}
   * @throws NamingException without the server's grid
   */
  @PUT
  public String write(
      @QueryParam("cache") String cache, @QueryParam("key") String key, String value)
      throws NamingException {
    put(cache, key, value);
    return "stored";
  }

  /** The value of a key of a cache of the grid, or null. */
  abstract String get(String cache, String key) throws NamingException;

  /** Stores a value under a key of a cache of the grid. */
  abstract void put(String cache, String key, String value) throws NamingException;
}
