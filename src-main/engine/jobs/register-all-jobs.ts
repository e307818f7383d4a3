/** Imports every module that registers a job runner (train is built in). */
export {};
