package care.neighbourhood.portal.directory;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The directory of the neighbourhood's organisations and staff: the workspace administrator's start
 * page. Directory records are open to every member, so the page is too; the navigation offers it to
 * administrators.
 */
@Controller
class DirectoryController {

    private final DirectoryService directories;

    DirectoryController(DirectoryService directories) {
        this.directories = directories;
    }

    @GetMapping("/directory")
    String directory(Model model) {
        model.addAttribute("directory", directories.directory());
        return "directory/directory";
    }
}
