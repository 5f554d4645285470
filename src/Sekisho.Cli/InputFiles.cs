namespace Sekisho.Cli;

/// <summary>Reads a command's input files, turning I/O failures into one-line errors that name the file.</summary>
public static class InputFiles
{
    /// <summary>Reads the file at <paramref name="path"/>, or standard input when the path is "-".</summary>
    public static string ReadText(string path, CliConsole console)
    {
        if (path == "-") return console.In.ReadToEnd();
        try
        {
            return File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            throw new CliException($"{path}: no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new CliException($"{path}: no such file or directory");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException($"{path}: permission denied");
        }
        catch (IOException e)
        {
            throw new CliException($"{path}: cannot read: {e.Message}", e);
        }
    }
}
