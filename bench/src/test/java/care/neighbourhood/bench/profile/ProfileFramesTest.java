package care.neighbourhood.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;

import care.neighbourhood.bench.profile.ProfileFrames.Arm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileFramesTest {

    @TempDir
    Path folder;

    @Test
    void samplesAreCountedOncePerStackThatPassesThroughTheFrame() throws IOException {
        Path profile = write(
                "a.txt",
                "Thread.run;Dao.read;Repo.findForIdAndVersion;Repo.findForIdAndVersion;socket 7",
                "Thread.run;Dao.read;Parser.parse 3",
                "GC::work 5",
                "no samples here");

        long[] samples = ProfileFrames.samplesThrough(
                List.of(profile), List.of("*", "Dao.read", "findForIdAndVersion", "absent"));

        assertThat(samples).containsExactly(15, 10, 7, 0);
    }

    @Test
    void theTableGivesMicrosecondsPerRequestForEachArmFromAllItsFiles() throws IOException {
        Path vanillaFirst = write("v1.txt", "Dao.read;Parser.parse 300");
        Path vanillaSecond = write("v2.txt", "Dao.read;Repo.find 100", "socket 100");
        Path ours = write("w.txt", "Dao.read;Parser.parse 200", "Dao.read;Access.lookup 100");

        String table = ProfileFrames.table(
                1000,
                List.of(
                        new Arm("vanilla", 100, List.of(vanillaFirst, vanillaSecond)),
                        new Arm("ours", 50, List.of(ours))),
                List.of("*", "Dao.read", "Access.lookup"));

        assertThat(table)
                .isEqualTo("| frame, µs of sampled CPU per request | vanilla | ours |\n"
                        + "|---|---|---|\n"
                        + "| * | 5000.0 | 6000.0 |\n"
                        + "| Dao.read | 4000.0 | 6000.0 |\n"
                        + "| Access.lookup | 0.0 | 2000.0 |\n");
    }

    private Path write(String name, String... lines) throws IOException {
        return Files.write(folder.resolve(name), List.of(lines));
    }
}
