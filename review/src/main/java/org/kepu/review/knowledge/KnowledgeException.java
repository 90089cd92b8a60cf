package org.kepu.review.knowledge;

import java.util.List;

/** Why a change to the knowledge base was refused. */
public abstract sealed class KnowledgeException extends RuntimeException {

    KnowledgeException(String message) {
        super(message);
    }

    /** The draft cannot be put in force; {@link #problems()} lists every reason. */
    public static final class Invalid extends KnowledgeException {
        private final List<String> problems;

        Invalid(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    /** The writer's revision is not the entry's current one: someone changed it in between. */
    public static final class Stale extends KnowledgeException {
        private final int current;

        Stale(String id, int current) {
            super("entry " + id + " is at revision " + current);
            this.current = current;
        }

        public int current() {
            return current;
        }
    }

    public static final class Unknown extends KnowledgeException {
        Unknown(String id) {
            super("no entry " + id);
        }
    }

    /** The stored entries kept changing under the write (other writers); the writer may try again. */
    public static final class Busy extends KnowledgeException {
        Busy() {
            super("the knowledge base kept changing under this write; try again");
        }
    }
}
