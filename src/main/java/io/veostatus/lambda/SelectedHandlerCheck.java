package io.veostatus.lambda;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeanManager;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;

/**
 * Ends the init phase with one sentence ({@link InitFailure}) when the function is told to run a handler its package
 * does not hold.
 * The status function's package leaves the keeping function's handler out (it is built without the AWS SDK:
 * docs/development.md, "Two packages"); started with {@code QUARKUS_LAMBDA_HANDLER=veo-keep}, Quarkus would otherwise
 * start and then fail every invocation with a reflection error that names neither the handler nor the right package.
 */
@ApplicationScoped
class SelectedHandlerCheck {

    void check(@Observes StartupEvent start, BeanManager beans, @ConfigProperty(name = "quarkus.lambda.handler") String handler) {
        if (beans.getBeans(handler).isEmpty()) {
            InitFailure.end("This package has no handler named '" + handler + "' (QUARKUS_LAMBDA_HANDLER): "
                    + "the keeping function (veo-keep) runs from its own package, target/keep/function.zip, which "
                    + "template.yaml's KeepVideoFunction deploys; the status function (veo-status) from target/function.zip.");
        }
    }
}
