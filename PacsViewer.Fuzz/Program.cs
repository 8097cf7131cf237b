using PacsViewer.Core.Dicom;
using PacsViewer.Core.Dicom.IO;
using SharpFuzz;

namespace PacsViewer.Fuzz;

/// <summary>
/// SharpFuzz target for the Part 10 reader. Any exception other than <see cref="DicomFormatException"/>
/// escapes and is reported by the fuzzer as a crash; a hang or stack overflow is caught by the fuzzer itself.
/// Usage: <c>PacsViewer.Fuzz</c> (AFL++, out of process) or <c>PacsViewer.Fuzz --libfuzzer</c>; see README.md.
/// </summary>
public static class Program
{
    /// <summary>Kept small so that a mutated length or nesting shows up as a failure, not as slowness.</summary>
    private static readonly DicomReaderOptions Options = new()
    {
        MaxInflatedBytes = 16 * 1024 * 1024,
    };

    public static void Main(string[] args)
    {
        if (args.Contains("--libfuzzer"))
        {
            Fuzzer.LibFuzzer.Run(span => ReadOne(new MemoryStream(span.ToArray(), writable: false)));
        }
        else
        {
            Fuzzer.OutOfProcess.Run(ReadOne);
        }
    }

    private static void ReadOne(Stream stream)
    {
        try
        {
            var file = DicomFile.Read(stream, Options);
            Touch(file.FileMetaInformation);
            Touch(file.Dataset);
        }
        catch (DicomFormatException)
        {
            // Expected for malformed input.
        }
    }

    /// <summary>Decodes every value so that the typed accessors are fuzzed too.</summary>
    private static void Touch(DicomDataset dataset)
    {
        foreach (var element in dataset)
        {
            switch (element)
            {
                case DicomSequence sequence:
                    foreach (var item in sequence.Items)
                    {
                        Touch(item);
                    }
                    break;
                case DicomFragmentSequence fragments:
                    _ = fragments.BasicOffsetTable;
                    break;
                default:
                    _ = dataset.GetStrings(element.Tag);
                    _ = dataset.GetNumbers(element.Tag);
                    break;
            }
        }
    }
}
