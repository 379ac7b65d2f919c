package dev.presign.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one step between crd-generator's output and the committed CRDs (crds/, the chart's crds/,
 * operator/crds/). It changes the printer columns and nothing else:
 *
 * <ol>
 *   <li>Their order becomes the order of the {@code @AdditionalPrinterColumn} annotations on the
 *       model class, which is the order kubectl prints them in. crd-generator 7.5.2 sorts them by
 *       jsonPath (a TreeMap in {@code AbstractCustomResourceHandler.handlePrinterColumns}) and has
 *       no option for another order; see fabric8io/kubernetes-client#7454.
 *   <li>{@code priority: 0} is dropped. crd-generator writes the priority of every column, and the
 *       API server does not store a zero priority. Since {@code spec.versions} is an atomic list, a
 *       CRD file with {@code priority: 0} differs from the stored object, and a server-side apply
 *       of it (Helm 4 applies a chart's crds/ that way, even when they exist) conflicts with
 *       whoever applied the CRDs before. Other priorities stay.
 * </ol>
 *
 * <p>It edits the generated YAML text, so every other byte stays the generator's, and then checks
 * its own result: parsed, it must equal the parsed input with just these two changes.
 *
 * <p>The annotations of a repeated annotation are stored in the order they are written (JLS 9.7.5),
 * so {@link Class#getAnnotationsByType} returns them in source order.
 */
public final class GeneratedCrdPostProcessor {

  /** The custom resource classes whose CRDs crd-generator writes. */
  static final List<Class<? extends HasMetadata>> MODEL =
      List.of(UploadClass.class, UploadRequest.class);

  /** Where crd-generator-maven-plugin writes, relative to the module directory. */
  public static final String GENERATED_CRDS_DIR = "target/classes/META-INF/fabric8";

  /** A line that opens the printer column list of a version; group 1 + 2 is its key's column. */
  private static final Pattern COLUMNS_KEY =
      Pattern.compile("^( *)(- )?additionalPrinterColumns:$");

  private GeneratedCrdPostProcessor() {}

  /** Every generated CRD file of {@code generatedDir} (file name → post-processed content). */
  public static SortedMap<String, String> processAll(Path generatedDir) {
    SortedMap<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(generatedDir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        String yaml = Files.readString(file, StandardCharsets.UTF_8);
        try {
          out.put(file.getFileName().toString(), process(yaml));
        } catch (IllegalStateException e) {
          throw new IllegalStateException(file.getFileName() + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the generated CRDs in " + generatedDir, e);
    }
    if (out.isEmpty()) {
      throw new IllegalStateException(
          "no generated CRDs in " + generatedDir + " (crd-generator runs in process-classes)");
    }
    return out;
  }

  /** One generated CRD, post-processed with the columns declared on its model class. */
  public static String process(String generatedYaml) {
    return process(generatedYaml, declaredColumns(modelClass(parse(generatedYaml))));
  }

  /** The {@code @AdditionalPrinterColumn} annotations of {@code model}, in source order. */
  static List<AdditionalPrinterColumn> declaredColumns(Class<?> model) {
    return List.of(model.getAnnotationsByType(AdditionalPrinterColumn.class));
  }

  static String process(String generatedYaml, List<AdditionalPrinterColumn> declared) {
    CustomResourceDefinition generated = parse(generatedYaml);
    List<List<CustomResourceColumnDefinition>> columnsByBlock = new ArrayList<>();
    for (CustomResourceDefinitionVersion version : generated.getSpec().getVersions()) {
      if (version.getAdditionalPrinterColumns() != null
          && !version.getAdditionalPrinterColumns().isEmpty()) {
        columnsByBlock.add(version.getAdditionalPrinterColumns());
      }
    }

    String[] lines = generatedYaml.split("\n", -1);
    List<String> out = new ArrayList<>();
    int block = 0;
    int i = 0;
    while (i < lines.length) {
      String line = lines[i++];
      out.add(line);
      Matcher key = COLUMNS_KEY.matcher(line);
      if (!key.matches()) {
        continue;
      }
      // The list's items start at the key's column ("- jsonPath: ...", "  name: ...").
      String itemIndent =
          " ".repeat(key.group(1).length() + (key.group(2) == null ? 0 : key.group(2).length()));
      List<List<String>> items = new ArrayList<>();
      while (i < lines.length) {
        if (lines[i].startsWith(itemIndent + "- ")) {
          items.add(new ArrayList<>(List.of(lines[i++])));
        } else if (lines[i].startsWith(itemIndent + "  ") && !items.isEmpty()) {
          items.get(items.size() - 1).add(lines[i++]);
        } else {
          break;
        }
      }
      if (block >= columnsByBlock.size() || columnsByBlock.get(block).size() != items.size()) {
        throw new IllegalStateException(
            "unexpected YAML layout of additionalPrinterColumns (block " + (block + 1) + ")");
      }
      List<CustomResourceColumnDefinition> columns = columnsByBlock.get(block++);
      for (int index : declaredOrder(columns, declared)) {
        out.addAll(withoutZeroPriority(items.get(index), itemIndent));
      }
    }
    if (block != columnsByBlock.size()) {
      throw new IllegalStateException(
          block
              + " additionalPrinterColumns lists found in the YAML text, "
              + columnsByBlock.size()
              + " in the parsed CRD");
    }
    String result = String.join("\n", out);
    checkOnlyColumnsChanged(generatedYaml, result, declared);
    return result;
  }

  /** Indexes into {@code generated} in the declared order; the two must hold the same columns. */
  private static List<Integer> declaredOrder(
      List<CustomResourceColumnDefinition> generated, List<AdditionalPrinterColumn> declared) {
    List<Integer> order = new ArrayList<>();
    for (AdditionalPrinterColumn column : declared) {
      int found = -1;
      for (int k = 0; k < generated.size() && found < 0; k++) {
        if (same(generated.get(k), column)) {
          found = k;
        }
      }
      if (order.contains(found)) {
        throw new IllegalStateException(
            "the printer column " + column.name() + " is declared twice");
      }
      if (found < 0) {
        throw new IllegalStateException(
            "the declared printer column "
                + column.name()
                + " ("
                + column.jsonPath()
                + ") is not in the generated CRD (crd-generator keeps one column per jsonPath)");
      }
      order.add(found);
    }
    for (int k = 0; k < generated.size(); k++) {
      if (!order.contains(k)) {
        throw new IllegalStateException(
            "the generated printer column "
                + generated.get(k).getName()
                + " is not declared with @AdditionalPrinterColumn on the model class, so its"
                + " place is unknown");
      }
    }
    return order;
  }

  private static boolean same(CustomResourceColumnDefinition c, AdditionalPrinterColumn a) {
    return a.name().equals(c.getName()) && a.jsonPath().equals(c.getJsonPath());
  }

  /** One list item's lines without a {@code priority: 0} entry. */
  private static List<String> withoutZeroPriority(List<String> item, String itemIndent) {
    String entryIndent = itemIndent + "  ";
    List<String> out = new ArrayList<>(item);
    if (out.get(0).equals(itemIndent + "- priority: 0")) {
      // The first entry of the item: the next one takes its "- ".
      out.remove(0);
      out.set(0, itemIndent + "- " + out.get(0).substring(entryIndent.length()));
    } else {
      out.remove(entryIndent + "priority: 0");
    }
    return out;
  }

  /** Parsed, {@code result} is {@code generatedYaml} with the two column changes and no other. */
  private static void checkOnlyColumnsChanged(
      String generatedYaml, String result, List<AdditionalPrinterColumn> declared) {
    CustomResourceDefinition expected = parse(generatedYaml);
    for (CustomResourceDefinitionVersion version : expected.getSpec().getVersions()) {
      List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
      if (columns == null || columns.isEmpty()) {
        continue;
      }
      List<CustomResourceColumnDefinition> ordered = new ArrayList<>();
      for (int index : declaredOrder(columns, declared)) {
        CustomResourceColumnDefinition column = columns.get(index);
        if (column.getPriority() != null && column.getPriority() == 0) {
          column.setPriority(null);
        }
        ordered.add(column);
      }
      version.setAdditionalPrinterColumns(ordered);
    }
    if (!expected.equals(parse(result))) {
      throw new IllegalStateException(
          "post-processing changed more than the order and zero priorities of the printer columns");
    }
  }

  private static Class<? extends HasMetadata> modelClass(CustomResourceDefinition crd) {
    String group = crd.getSpec().getGroup();
    String kind = crd.getSpec().getNames().getKind();
    for (Class<? extends HasMetadata> model : MODEL) {
      if (HasMetadata.getGroup(model).equals(group) && HasMetadata.getKind(model).equals(kind)) {
        return model;
      }
    }
    throw new IllegalStateException(
        "no model class for " + kind + "." + group + ": add it to GeneratedCrdPostProcessor.MODEL");
  }

  static CustomResourceDefinition parse(String yaml) {
    return Serialization.unmarshal(yaml, CustomResourceDefinition.class);
  }
}
