package io.hayate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hayate} command. */
@Command(name = "hayate", mixinStandardHelpOptions = true, version = "hayate 0.1.0",
        description = "A non-blocking network toolkit for Java.",
        subcommands = {DemoCommand.class, FetchCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
