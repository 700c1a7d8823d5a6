package io.veostatus.keep;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;

import io.veostatus.config.KeepConfig;
import io.veostatus.error.BucketRefusedException;
import io.veostatus.error.InvalidRequestException;
import io.veostatus.error.SourceRefusedException;
import io.veostatus.keep.source.SourcePolicy;
import io.veostatus.kernel.Deadline;
import io.veostatus.kernel.PlausibleTime;
import io.veostatus.kernel.TaskId;
import io.veostatus.telemetry.UpstreamUsage;
import io.veostatus.veoapi.HdAnswer;
import io.veostatus.veoapi.HdVideoGateway;
import io.veostatus.veoapi.RecordInfoGateway;
import io.veostatus.veoapi.TaskRecord;
import io.veostatus.veoapi.TaskReport;

/**
 * Keeps a succeeded task's videos in the bucket: at the first invocation every original at once (so that no
 * wait can outlast the vendor's link), then, where the vendor offers one, each video's 1080p version beside
 * its original as soon as the 1080p endpoint has it. While one is awaited the answer is {@code done: false}
 * with the wait before the next check; after {@code veo.keep.hd-wait} the originals alone stand, and the
 * answer says why.
 */
@ApplicationScoped
public class VideoKeeper {

    static final String HD_RESOLUTION = "1080p";
    /**
     * More videos than any Veo task has. A record with more is refused before anything is copied, so that every
     * answer of this function is one it accepts back; it also bounds what a passed-back answer may claim.
     */
    static final int MAX_VIDEOS = 16;

    private final RecordInfoGateway recordInfo;
    private final HdVideoGateway hdVideos;
    private final VideoCopier copier;
    private final SourcePolicy sources;
    private final KeepConfig config;

    public VideoKeeper(RecordInfoGateway recordInfo, HdVideoGateway hdVideos, VideoCopier copier, SourcePolicy sources,
            KeepConfig config) {
        this.recordInfo = recordInfo;
        this.hdVideos = hdVideos;
        this.copier = copier;
        this.sources = sources;
        this.config = config;
    }

    public KeepProgress keep(KeepRequest request, Deadline deadline, UpstreamUsage usage) {
        String bucket = config.bucket().map(String::strip).filter(name -> !name.isEmpty())
                .orElseThrow(() -> new BucketRefusedException("This deployment has no bucket to keep videos in: set "
                        + "VEO_KEEP_BUCKET (the template's KeepBucket) or leave keeping off."));
        ObjectKeys keys = new ObjectKeys(config.prefix().orElse(""));
        TaskId taskId = request.taskId();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<KeptFile> files;
        HdProgress hd;
        if (request.previous() == null) {
            TaskRecord record = succeeded(taskId, recordInfo.fetch(taskId, deadline, usage));
            if (record.videoUrls().size() > MAX_VIDEOS) {
                throw new SourceRefusedException("Task " + taskId + " lists " + record.videoUrls().size() + " videos, more than the "
                        + MAX_VIDEOS + " a task may have; none was copied.");
            }
            // Every URL of the record is checked before the first is copied, so that a refused one leaves none of them
            // kept; redirects and 1080p URLs are known only when fetched, and checked then (docs/keeping.md). The
            // lookups end by the time the copies would have to end by.
            Deadline checks = copier.answerBy(deadline);
            record.videoUrls().forEach(url -> sources.addresses(sources.source(url), checks));
            files = new ArrayList<>();
            for (int index = 0; index < record.videoUrls().size(); index++) {
                files.add(copier.copy(bucket, keys.original(taskId, index), taskId, record.videoUrls().get(index),
                        record.resolution(), deadline));
            }
            hd = hdOffer(record, now);
        } else {
            files = new ArrayList<>(checked(request.previous(), bucket, keys, taskId, now));
            hd = request.previous().hd();
        }
        if (hd.status() != HdStatus.PENDING) {
            return new KeepProgress(true, 0, files, hd);
        }
        String lastReason = hd.reason();
        int checks = hd.checks();
        for (int index = 0; index < hd.videos(); index++) {
            String key = keys.hd(taskId, index);
            if (files.stream().anyMatch(file -> file.key().equals(key))) {
                continue;
            }
            HdAnswer answer = hdVideos.check(taskId, index, deadline, usage);
            checks++;
            if (answer.ready()) {
                files.add(copier.copy(bucket, key, taskId, answer.url(), HD_RESOLUTION, deadline));
            } else {
                lastReason = answer.reason();
            }
        }
        long hdFiles = IntStream.range(0, hd.videos()).mapToObj(index -> keys.hd(taskId, index))
                .filter(key -> files.stream().anyMatch(file -> file.key().equals(key))).count();
        if (hdFiles == hd.videos()) {
            return new KeepProgress(true, 0, files, new HdProgress(HdStatus.KEPT, null, checks, hd.firstCheckedAt(), hd.videos()));
        }
        Instant waitEnds = hd.firstCheckedAt().plus(config.hdWait());
        Instant after = Instant.now();
        if (!after.isBefore(waitEnds)) {
            return new KeepProgress(true, 0, files, new HdProgress(HdStatus.NOT_READY_IN_TIME,
                    "No 1080p version within " + config.hdWait().toSeconds() + " s; the last answer: " + lastReason + ".",
                    checks, hd.firstCheckedAt(), hd.videos()));
        }
        long untilWaitEnds = Math.max(1, Duration.between(after, waitEnds).toSeconds() + 1);
        long next = Math.max(1, Math.min(config.hdCheckInterval().toSeconds(), untilWaitEnds));
        return new KeepProgress(false, next, files, new HdProgress(HdStatus.PENDING, lastReason, checks, hd.firstCheckedAt(),
                hd.videos()));
    }

    private static TaskRecord succeeded(TaskId taskId, TaskReport report) {
        if (report instanceof TaskRecord record && record.successFlag() == TaskRecord.SUCCESS) {
            return record;
        }
        throw new InvalidRequestException("Task " + taskId + " has not succeeded, so it has no video to keep; keep a task "
                + "once its status is SUCCEEDED.");
    }

    /** Whether the vendor offers a 1080p version: not of a fallback video, nor of an aspect ratio it does not upgrade. */
    private HdProgress hdOffer(TaskRecord record, Instant now) {
        int videos = record.videoUrls().size();
        if (record.fallback()) {
            return notOffered("a fallback video, which the vendor does not upgrade to 1080p", now, videos);
        }
        String resolution = record.resolution() == null ? "" : record.resolution().toLowerCase(Locale.ROOT);
        if (resolution.equals("1080p") || resolution.equals("4k")) {
            return notOffered("the original is " + record.resolution() + " already", now, videos);
        }
        String ratio = record.aspectRatio();
        if (ratio != null && config.hdAspectRatios().stream().noneMatch(ratio::equalsIgnoreCase)) {
            return notOffered("aspect ratio " + ratio + ", which the vendor does not upgrade to 1080p", now, videos);
        }
        return new HdProgress(HdStatus.PENDING, null, 0, now, videos);
    }

    private static HdProgress notOffered(String why, Instant now, int videos) {
        return new HdProgress(HdStatus.NOT_OFFERED, "No 1080p version: " + why + ".", 0, now, videos);
    }

    /** A passed-back answer is used only if it is about this task and this bucket, with keys this function derives. */
    private static List<KeptFile> checked(KeepProgress previous, String bucket, ObjectKeys keys, TaskId taskId, Instant now) {
        HdProgress hd = previous.hd();
        if (hd.videos() < 1 || hd.videos() > MAX_VIDEOS || hd.checks() < 0 || hd.firstCheckedAt() == null
                || !PlausibleTime.plausible(hd.firstCheckedAt(), now) || hd.firstCheckedAt().isAfter(now.plus(PlausibleTime.CLOCK_SKEW))) {
            throw new InvalidRequestException("keep.hd must be the keeping function's own previous answer, passed back unchanged.");
        }
        for (KeptFile file : previous.files()) {
            boolean derived = false;
            for (int index = 0; index < hd.videos(); index++) {
                derived |= file.key() != null && (file.key().equals(keys.original(taskId, index)) || file.key().equals(keys.hd(taskId, index)));
            }
            if (!bucket.equals(file.bucket()) || !derived || file.bytes() < 0) {
                throw new InvalidRequestException("keep.files names an object this function did not keep for task " + taskId
                        + " in this bucket; pass its previous answer back unchanged.");
            }
        }
        return previous.files();
    }
}
