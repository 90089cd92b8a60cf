package org.kepu.api.security;

/** The callers the authorisation matrix walks every route as, in the order its table lists them. */
enum Persona {
    ANONYMOUS,
    OWNER,
    OTHER_CREATOR,
    ASSIGNED_REVIEWER,
    UNASSIGNED_REVIEWER,
    CONFLICTED_REVIEWER,
    EDITOR,
    ADMIN,
    ENTITLED_OUTLET,
    OTHER_OUTLET
}
