package dev.grantwire.grant.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.grantwire.grant.config.KeysConfig;
import dev.grantwire.grant.config.TokensConfig;
import dev.grantwire.grant.domain.StoredKey;
import dev.grantwire.grant.persistence.SigningKeyRepository;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The issuer's signing keys (RS256, RSA 2048), kept in PostgreSQL with the private part encrypted,
 * so every replica and restart signs with the same keys. A rotated key is published in the JWKS at
 * once and signs only after {@code grantwire.keys.activation-delay} (at least one JWKS cache
 * lifetime); the previous key stays published until every token it signed has expired.
 */
@ApplicationScoped
public class SigningKeys {

    /** Published keys and when each starts signing; replaced as a whole, read without locks. */
    private record Loaded(RSAKey key, Instant notBefore) {}

    private final SigningKeyRepository repository;
    private final KeyEncryption encryption;
    private final KeysConfig config;
    private volatile List<Loaded> keys = List.of();

    SigningKeys(SigningKeyRepository repository, KeyEncryption encryption, KeysConfig config) {
        this.repository = repository;
        this.encryption = encryption;
        this.config = config;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        if (config.activationDelay().compareTo(config.jwksCacheLifetime()) < 0) {
            throw new IllegalStateException(
                    "grantwire.keys.activation-delay ("
                            + config.activationDelay()
                            + ") must be at least grantwire.keys.jwks-cache-lifetime ("
                            + config.jwksCacheLifetime()
                            + "): a key must be published before it signs");
        }
        ensureKey();
        reload();
    }

    /** Creates the first key if there is none; safe when several replicas start at once. */
    @Transactional
    void ensureKey() {
        repository.lockForKeyChanges();
        if (repository.published().isEmpty()) {
            // Nothing can cache a key set that never existed: the first key signs at once.
            repository.insert(newKey(Instant.now()));
        }
    }

    /**
     * Publishes a new key that starts signing after the activation delay, and schedules the
     * retirement of the previous ones once their last tokens have expired.
     *
     * @return the new key id
     */
    @Transactional
    public String rotate() {
        repository.lockForKeyChanges();
        Instant activation = Instant.now().plus(config.activationDelay());
        StoredKey key = newKey(activation);
        repository.insert(key);
        Duration lastTokens = TokensConfig.ACCESS_TOKEN_CAP.plus(config.jwksCacheLifetime());
        repository.retireSignersBefore(activation, activation.plus(lastTokens));
        return key.kid();
    }

    /** Re-reads the keys, so rotations done by another replica are picked up before they sign. */
    @Scheduled(every = "${grantwire.keys.reload-interval}", delayed = "1s")
    void reloadPeriodically() {
        reload();
    }

    /** Re-reads the published keys from the database. */
    public void reload() {
        List<Loaded> loaded = new ArrayList<>();
        for (StoredKey stored : repository.published()) {
            loaded.add(new Loaded(decrypt(stored), stored.notBefore()));
        }
        keys = List.copyOf(loaded);
    }

    /** The key that signs now: the newest one whose activation time has passed. */
    public RSAKey current() {
        Instant now = Instant.now();
        RSAKey signer = null;
        for (Loaded key : keys) {
            if (!key.notBefore().isAfter(now)) {
                signer = key.key();
            }
        }
        if (signer == null) {
            throw new IllegalStateException("no active signing key");
        }
        return signer;
    }

    /** A published key by id, for verifying grant-service's own tokens. */
    public Optional<RSAKey> find(String kid) {
        return keys.stream().map(Loaded::key).filter(k -> k.getKeyID().equals(kid)).findFirst();
    }

    /** The public JWK set: the current key, the next one and the previous ones. */
    public JWKSet publicKeys() {
        return new JWKSet(keys.stream().<JWK>map(k -> k.key().toPublicJWK()).toList());
    }

    private StoredKey newKey(Instant notBefore) {
        try {
            String kid = UUID.randomUUID().toString();
            RSAKey key =
                    new RSAKeyGenerator(2048)
                            .keyID(kid)
                            .keyUse(KeyUse.SIGNATURE)
                            .algorithm(JWSAlgorithm.RS256)
                            .generate();
            byte[] pkcs8 = key.toRSAPrivateKey().getEncoded();
            return new StoredKey(
                    kid,
                    JWSAlgorithm.RS256.getName(),
                    encryption.encrypt(pkcs8, kid),
                    key.toPublicJWK().toJSONString(),
                    notBefore,
                    null);
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate a signing key", e);
        }
    }

    private RSAKey decrypt(StoredKey stored) {
        try {
            RSAKey publicKey = RSAKey.parse(stored.publicJwk());
            byte[] pkcs8 = encryption.decrypt(stored.privateKeyEncrypted(), stored.kid());
            RSAPrivateKey privateKey =
                    (RSAPrivateKey)
                            KeyFactory.getInstance("RSA")
                                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            return new RSAKey.Builder(publicKey).privateKey(privateKey).build();
        } catch (ParseException | GeneralSecurityException e) {
            throw new IllegalStateException(
                    "signing key "
                            + stored.kid()
                            + " cannot be decrypted: is grantwire.keys.encryption-key the key it"
                            + " was stored with?",
                    e);
        }
    }
}
