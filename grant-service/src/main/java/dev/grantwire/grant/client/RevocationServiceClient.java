package dev.grantwire.grant.client;

import dev.grantwire.events.RevocationEvent;
import dev.grantwire.events.RevocationKind;
import dev.grantwire.events.RevocationScope;
import dev.grantwire.grant.config.RevocationServiceConfig;
import dev.grantwire.grant.persistence.CommandOutboxRepository.Command;
import dev.grantwire.internal.InternalCallException;
import dev.grantwire.internal.InternalClient;
import dev.grantwire.internal.revocations.CommandsApi;
import dev.grantwire.internal.revocations.LedgerApi;
import dev.grantwire.internal.revocations.LedgerEntry;
import dev.grantwire.internal.revocations.Recorded;
import dev.grantwire.internal.revocations.RevocationCommand;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * revocation-service's {@link CommandsApi} (idempotent by command id) and {@link LedgerApi} (in
 * sequence order), called with grant-service's {@link MintedServiceToken}. Thread-safe.
 */
@ApplicationScoped
public class RevocationServiceClient {

    /** What became of one command. */
    public enum Outcome {
        /** Recorded now or before (201 or 200). */
        RECORDED,
        /** Not recorded for a reason that may pass (down, timeout, 5xx, 401/403, 429). */
        RETRY,
        /** Refused for good (400 bad command, 409 id reused): sending it again cannot help. */
        REJECTED
    }

    /** The answer to one command; {@code sequence} only when recorded. */
    public record Answer(Outcome outcome, Long sequence, String detail) {}

    /** One ledger page; {@code next} is the {@code since} of the following page. */
    public record LedgerPage(List<RevocationEvent> revocations, long next) {}

    /** The ledger could not be read (revocation-service down, or an unexpected answer). */
    public static class LedgerUnavailable extends Exception {
        private static final long serialVersionUID = 1L;

        LedgerUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final InternalClient<CommandsApi> commands;
    private final InternalClient<LedgerApi> ledger;

    RevocationServiceClient(RevocationServiceConfig config, MintedServiceToken token) {
        this.commands =
                InternalClient.of(
                        CommandsApi.class,
                        () -> URI.create(config.url()),
                        config.connectTimeout(),
                        config.requestTimeout(),
                        token);
        this.ledger =
                InternalClient.of(
                        LedgerApi.class,
                        () -> URI.create(config.url()),
                        config.connectTimeout(),
                        config.requestTimeout(),
                        token);
    }

    /** Sends one command; never throws for a failed call (the outcome says what to do). */
    public Answer submit(Command command) {
        RestResponse<Recorded> answer;
        try {
            answer =
                    commands.call(
                            api ->
                                    api.submit(
                                            new RevocationCommand(
                                                    command.id().toString(),
                                                    command.kind(),
                                                    command.subject(),
                                                    command.scope(),
                                                    null,
                                                    null,
                                                    command.reason(),
                                                    command.actor())));
        } catch (InternalCallException e) {
            String detail = e.status() + " " + e.detail();
            return new Answer(
                    e.is(400) || e.is(409) ? Outcome.REJECTED : Outcome.RETRY, null, detail);
        }
        Recorded recorded = answer.getEntity();
        return new Answer(Outcome.RECORDED, recorded == null ? null : recorded.sequence(), null);
    }

    /** The ledger entries with a sequence above {@code since}, at most {@code limit}. */
    public LedgerPage ledger(long since, int limit) throws LedgerUnavailable {
        dev.grantwire.internal.revocations.LedgerPage page;
        try {
            page = ledger.call(api -> api.after(since, limit));
        } catch (InternalCallException e) {
            throw new LedgerUnavailable("ledger not readable: " + e.getMessage(), e);
        }
        try {
            return new LedgerPage(
                    page.revocations().stream().map(RevocationServiceClient::event).toList(),
                    page.next());
        } catch (RuntimeException e) {
            throw new LedgerUnavailable("unreadable ledger page: " + e.getMessage(), e);
        }
    }

    private static RevocationEvent event(LedgerEntry row) {
        return new RevocationEvent(
                RevocationKind.fromJsonName(row.kind()),
                row.subject(),
                row.scope() == null ? null : RevocationScope.fromJsonName(row.scope()),
                row.clientId(),
                row.userId(),
                row.revokedAt(),
                row.cutoff(),
                row.expiresAt(),
                row.reason(),
                row.actor(),
                row.sequence());
    }
}
