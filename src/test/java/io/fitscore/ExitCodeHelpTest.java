package io.fitscore;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fitscore.ml.TrainerType;
import io.fitscore.failure.ExitCode;
import picocli.CommandLine;

/** The help a user reads is true: every exit code with its meaning, every trainer with the default. */
class ExitCodeHelpTest {

    private static String usage(String... subcommand) {
        CommandLine line = new CommandLine(new FitscoreCommand());
        for (String name : subcommand) {
            line = line.getSubcommands().get(name);
        }
        return line.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    @Test
    void theHelpListsEveryExitCodeWithItsMeaningOneALine() {
        for (String help : new String[] { usage(), usage("run") }) {
            String footer = help.substring(help.indexOf("Exit codes:"));
            assertTrue(footer.lines().allMatch(l -> l.length() <= 80), "no line picocli would wrap: " + footer);
            assertTrue(footer.contains("the exit code\nis the most fundamental one"), footer);
            for (ExitCode code : ExitCode.values()) {
                Pattern line = Pattern.compile("(?m)^\\s+" + code.code() + "\\s+" + Pattern.quote(code.meaning()) + "$");
                if (code == ExitCode.RESTART_FULL_JIT) {
                    assertTrue(!help.contains(" " + code.code() + " "), "the launcher's own code is not a user's: " + help);
                } else {
                    assertTrue(line.matcher(help).find(), "exit " + code.code() + " (" + code.meaning() + ") in: " + help);
                }
            }
        }
    }

    @Test
    void runsHelpListsEveryTrainerAndSaysAutoIsTheDefault() {
        String help = usage("run");
        String trainer = help.substring(help.indexOf("--trainer"));
        trainer = trainer.substring(0, trainer.indexOf("fitscore.trainer.type"));
        for (String name : Arrays.stream(TrainerType.values()).map(TrainerType::configName).toList()) {
            assertTrue(trainer.contains(name), name + " in: " + trainer);
        }
        assertTrue(trainer.replaceAll("\\s+", " ").contains("auto (the default"), trainer);
    }
}
