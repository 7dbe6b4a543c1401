package dev.fedroute.cli;

import dev.fedroute.FedrouteConfig;
import dev.fedroute.ProxyExemption;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Reads {@code --proxy URL} and {@code --no-proxy LIST}. Credentials may ride in the URL's user
 * information, as with curl ({@code http://user:pw@host:port}); they are taken out of it into the
 * configuration's user name and password, percent-decoded, and never repeated in a message.
 * Stateless.
 */
final class ProxyOption {
  private ProxyOption() {}

  static void apply(
      CommandLine cli, String url, List<String> noProxy, FedrouteConfig.Builder builder) {
    List<ProxyExemption> exemptions = new ArrayList<>();
    for (String entry : noProxy) {
      try {
        exemptions.add(ProxyExemption.parse(entry));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(cli, "--no-proxy: " + e.getMessage());
      }
    }
    builder.proxyNoProxy(exemptions);
    if (url == null) {
      return;
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      // The text may carry a password: the message does not repeat it.
      throw new ParameterException(
          cli, "--proxy: not a URL; write http://host:port or http://user:password@host:port");
    }
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      try {
        builder
            .proxyUsername(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)))
            .proxyPassword(colon < 0 ? null : decode(userInfo.substring(colon + 1)));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(cli, "--proxy: the credentials are not percent-encoded");
      }
      uri = withoutUserInfo(cli, uri);
    }
    builder.proxyUrl(Optional.of(uri));
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static URI withoutUserInfo(CommandLine cli, URI uri) {
    try {
      return new URI(
          uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
    } catch (URISyntaxException e) {
      throw new ParameterException(cli, "--proxy: not a URL; write http://host:port");
    }
  }
}
