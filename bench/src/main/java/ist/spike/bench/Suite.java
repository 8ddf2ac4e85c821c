package ist.spike.bench;

import java.util.List;

/** A group of figures measured together. */
interface Suite {
  /** The suite's name on the command line. */
  String name();

  /** Measures the figures. */
  List<Figure> run() throws Exception;

  /** The suite's figures, each marked as not measured for {@code why}. */
  List<Figure> unavailable(String why);

  /** The standard suites in run order. */
  static List<Suite> standard(BenchSettings s) {
    return List.of(
        new MicroSuite(s),
        new HandshakeSuite(s),
        new NewConnectionSuite(s),
        new ServerSuite(s),
        new TransitSuite(s),
        new HaSuite(s),
        new LifecycleSuite(s),
        new CliSuite(s));
  }
}
