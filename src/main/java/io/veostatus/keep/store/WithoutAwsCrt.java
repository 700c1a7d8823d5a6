package io.veostatus.keep.store;

import java.util.function.BooleanSupplier;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;

/**
 * The native image of the S3 client without the AWS Common Runtime (aws-crt, a native library of its own that
 * this function does not ship). The SDK's checksum factory refers to the CRT's CRC32C, CRC64NVME and xxHash
 * classes directly, and only calls them when the CRT is on the class path; the native image builder, which
 * links every class at build time in a Quarkus build, refuses the references to classes that are not there
 * (aws-sdk-java-v2 issue 5682). The copy uses SHA-256, which the SDK computes in Java, so these paths are
 * never taken; here they say so instead of referring to the CRT. In the JVM this class is not used, nor in the
 * status function's image, which is built without the SDK (see {@link VideoStore}).
 */
@TargetClass(className = WithoutAwsCrt.SdkIncluded.CHECKSUM_PROVIDER, onlyWith = WithoutAwsCrt.SdkIncluded.class)
final class WithoutAwsCrt {

    // A substitution holds nothing but what it substitutes: each method says it whole.

    @Substitute
    static SdkChecksum createCrtCrc32C() {
        throw new UnsupportedOperationException("CRC32C"
                + " needs the AWS Common Runtime (aws-crt), which the keeping function does not include: it uses SHA-256.");
    }

    @Substitute
    static SdkChecksum crc64NvmeCrtImplementation() {
        throw new UnsupportedOperationException("CRC64NVME"
                + " needs the AWS Common Runtime (aws-crt), which the keeping function does not include: it uses SHA-256.");
    }

    @Substitute
    static SdkChecksum crtXxHash(ChecksumAlgorithm algorithm) {
        throw new UnsupportedOperationException(algorithm.algorithmId()
                + " needs the AWS Common Runtime (aws-crt), which the keeping function does not include: it uses SHA-256.");
    }

    /**
     * Only the keeping function's image is built with the SDK; in the status function's, the substitution's target
     * class is absent, and an unconditional substitution would stop that image's build.
     */
    static final class SdkIncluded implements BooleanSupplier {

        static final String CHECKSUM_PROVIDER = "software.amazon.awssdk.checksums.internal.ChecksumProvider";

        @Override
        public boolean getAsBoolean() {
            try {
                Class.forName(CHECKSUM_PROVIDER, false, SdkIncluded.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException absent) {
                return false;
            }
        }
    }
}
