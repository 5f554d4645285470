using Sekisho.Cedar;
using Sekisho.Cedar.Entities;
using Sekisho.Cedar.Syntax;

namespace Sekisho.Cli.Commands;

/// <summary>Reads the inputs of the <c>sekisho cedar</c> commands, turning library errors into one-line CLI errors naming the file.</summary>
public static class CedarInput
{
    public static PolicySet ParsePolicies(string path, string text, bool annotationIds)
    {
        try
        {
            return annotationIds ? PolicySet.ParseWithAnnotationIds(text) : PolicySet.Parse(text);
        }
        catch (CedarParseException e)
        {
            throw new CliException($"{path}: line {e.Line}, column {e.Column}: {e.Reason}", e);
        }
        catch (CedarException e)
        {
            throw new CliException($"{path}: {e.Message}", e);
        }
    }

    public static EntityStore ParseEntities(string path, string json, IJsonTypeHints? hints)
    {
        try
        {
            return EntityJson.ParseEntities(json, hints);
        }
        catch (CedarException e)
        {
            throw new CliException($"{path}: {e.Message}", e);
        }
    }

    public static Request ParseRequest(string path, string json, IJsonTypeHints? hints)
    {
        try
        {
            return EntityJson.ParseRequest(json, hints);
        }
        catch (CedarException e)
        {
            throw new CliException($"{path}: {e.Message}", e);
        }
    }
}
