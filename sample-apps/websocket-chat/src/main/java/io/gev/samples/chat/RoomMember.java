package io.gev.samples.chat;

/**
 * A member of the room on this instance.
 *
 * @param id   unique on this instance, so that two members with the same name are two entries
 * @param name the name the member joined with
 */
record RoomMember(long id, String name) {
}
