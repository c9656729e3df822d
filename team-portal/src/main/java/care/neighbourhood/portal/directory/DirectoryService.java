package care.neighbourhood.portal.directory;

/** Where the directory of organisations and staff comes from. */
public interface DirectoryService {

    Directory directory();
}
