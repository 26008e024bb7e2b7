package dev.grantwire.testsupport.kafka.child;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider of the {@code KafkaProcess} broker JVM: one line per event on standard output,
 * which the parent redirects to {@code kafka.log}.
 *
 * <p>Why not the provider already on the class path: the broker inherits the test class path, where
 * SLF4J finds slf4j-jboss-logmanager, and Quarkus' bootstrap jar plugs a delayed handler into JBoss
 * LogManager that holds every record until a Quarkus application starts, which in the broker never
 * happens. Adding another provider jar to test-support would compete with Quarkus' own in every
 * consumer. This class is therefore not registered as a service; the child JVM selects it with
 * {@code -Dslf4j.provider}. The threshold is system property {@value #LEVEL_PROPERTY} (default
 * INFO).
 */
public final class ConsoleLoggingProvider implements SLF4JServiceProvider {

    /** System property of the child JVM: TRACE, DEBUG, INFO, WARN or ERROR. */
    public static final String LEVEL_PROPERTY = "grantwire.kafka.log.level";

    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private ILoggerFactory loggers;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        Level threshold =
                Level.valueOf(System.getProperty(LEVEL_PROPERTY, "INFO").toUpperCase(Locale.ROOT));
        loggers = name -> new ConsoleLogger(name, threshold, System.out);
    }

    private static final class ConsoleLogger extends LegacyAbstractLogger {

        private static final long serialVersionUID = 1L;
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

        private final int threshold;
        private final transient PrintStream out;

        ConsoleLogger(String name, Level threshold, PrintStream out) {
            this.name = name;
            this.threshold = threshold.toInt();
            this.out = out;
        }

        @Override
        public boolean isTraceEnabled() {
            return Level.TRACE.toInt() >= threshold;
        }

        @Override
        public boolean isDebugEnabled() {
            return Level.DEBUG.toInt() >= threshold;
        }

        @Override
        public boolean isInfoEnabled() {
            return Level.INFO.toInt() >= threshold;
        }

        @Override
        public boolean isWarnEnabled() {
            return Level.WARN.toInt() >= threshold;
        }

        @Override
        public boolean isErrorEnabled() {
            return Level.ERROR.toInt() >= threshold;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(
                Level level, Marker marker, String pattern, Object[] args, Throwable throwable) {
            String message = MessageFormatter.basicArrayFormat(pattern, args);
            StringBuilder line =
                    new StringBuilder()
                            .append(LocalDateTime.now().format(TIME))
                            .append(' ')
                            .append(String.format("%-5s", level))
                            .append(" [")
                            .append(name)
                            .append("] (")
                            .append(Thread.currentThread().getName())
                            .append(") ")
                            .append(message);
            synchronized (out) {
                out.println(line);
                if (throwable != null) {
                    throwable.printStackTrace(out);
                }
            }
        }
    }
}
