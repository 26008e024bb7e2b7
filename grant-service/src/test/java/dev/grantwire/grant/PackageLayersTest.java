package dev.grantwire.grant;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * grant-service's packages depend one way, so that a request walks down them and never back: HTTP
 * ({@code rest}, {@code security}) and the feed ({@code messaging}, {@code health}) call the use
 * cases ({@code service}), which call token issuing ({@code token}), the pure protocol rules
 * ({@code protocol}) and storage ({@code persistence}), all speaking {@code domain}. The walk of
 * {@code POST /oauth2/token} in docs/ARCHITECTURE.md follows these layers.
 */
class PackageLayersTest {

    private static final JavaClasses MAIN =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("dev.grantwire.grant");

    @Test
    void packagesWhenImportedThenEveryDependencyPointsDown() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("rest")
                .definedBy("dev.grantwire.grant.rest..")
                .layer("security")
                .definedBy("dev.grantwire.grant.security..")
                .layer("health")
                .definedBy("dev.grantwire.grant.health..")
                .layer("messaging")
                .definedBy("dev.grantwire.grant.messaging..")
                .layer("client")
                .definedBy("dev.grantwire.grant.client..")
                .layer("service")
                .definedBy("dev.grantwire.grant.service..")
                .layer("token")
                .definedBy("dev.grantwire.grant.token..")
                .layer("protocol")
                .definedBy("dev.grantwire.grant.protocol..")
                .layer("persistence")
                .definedBy("dev.grantwire.grant.persistence..")
                .layer("domain")
                .definedBy("dev.grantwire.grant.domain..")
                .layer("config")
                .definedBy("dev.grantwire.grant.config..")
                .whereLayer("rest")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("health")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("security")
                .mayOnlyBeAccessedByLayers("rest")
                .whereLayer("messaging")
                .mayOnlyBeAccessedByLayers("health")
                .whereLayer("client")
                .mayOnlyBeAccessedByLayers("messaging")
                .whereLayer("service")
                .mayOnlyBeAccessedByLayers("rest", "security", "messaging", "health")
                .whereLayer("token")
                .mayOnlyBeAccessedByLayers("rest", "security", "service", "client", "messaging")
                .whereLayer("persistence")
                .mayOnlyBeAccessedByLayers("service", "messaging", "client", "token")
                .whereLayer("protocol")
                .mayOnlyBeAccessedByLayers(
                        "rest", "security", "service", "messaging", "token", "persistence")
                .check(MAIN);
    }
}
