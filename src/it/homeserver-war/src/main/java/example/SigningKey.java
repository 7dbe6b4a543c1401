package example;

/** What the README's signing filter needs of a homeserver's ed25519 key. */
public interface SigningKey {
  String serverName();

  String id();

  String sign(String method, String path, String query, String destination, Object content);
}
