// The settings' defaults, in a module of their own: the call's calendar needs
// them without the settings' parsers and key table.
export const DEFAULT_WORKING_DAYS = [1, 2, 3, 4, 5];
export const DEFAULT_HOOK_TIMEOUT_SEC = 10;
