package dev.grantwire.internal.revocations;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** One page of the ledger, in sequence order; {@code next} is the {@code since} of the next. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LedgerPage(List<LedgerEntry> revocations, long next) {

    public LedgerPage {
        revocations = revocations == null ? List.of() : List.copyOf(revocations);
    }
}
