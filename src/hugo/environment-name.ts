/**
 * A Hugo environment name, as a task's hugo_environment and the hugo-build action's input take it
 * (a module of its own so the action's bundle does not load the task schema).
 */
export const HUGO_ENVIRONMENT_NAME = /^[A-Za-z0-9_-]{1,64}$/;
