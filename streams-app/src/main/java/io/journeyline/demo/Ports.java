package io.journeyline.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Checks that the ports the user asked for can be bound, before anything starts. */
public final class Ports {

  private Ports() {}

  /**
   * Fails with a clear message when {@code port} cannot be bound (on any interface).
   *
   * @param port the port (0 means "any free port" and always passes)
   * @param option the command-line option that set it, named in the message
   */
  public static void requireFree(int port, String option) {
    if (port == 0) {
      return;
    }
    if (port < 0 || port > 65_535) {
      throw new DemoException(option + " " + port + " is not a valid port (1-65535, or 0 for any)");
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      throw new DemoException(
          "Port "
              + port
              + " ("
              + option
              + ") is already in use; stop what uses it or choose another with "
              + option
              + " <port>");
    }
  }
}
