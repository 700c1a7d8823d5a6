package io.veostatus.veoapi;

/**
 * What record-info reported about a task, once the classifier has understood it: the task's record, or
 * the vendor's refusal of the task. Every other outcome is a typed exception instead.
 */
public sealed interface TaskReport permits TaskRecord, TaskRejection {
}
