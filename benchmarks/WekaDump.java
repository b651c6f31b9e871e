// Reference dump for id3tree's tests (same output format as the team's J48Dump tool).
//
// Usage: java -cp "$WEKA_JAR:BUILD" WekaDump JOBS.tsv
// Each non-empty line of JOBS.tsv is
//   CLASSIFIER <TAB> TRAIN.arff <TAB> OUT_PREFIX [<TAB> OPTIONS [<TAB> PROBE.arff]]
// with CLASSIFIER "J48" or "Id3" and OPTIONS space separated (may be empty).
// The class is the last attribute. For each job the classifier is trained on
// TRAIN.arff and writes
//   OUT_PREFIX.tree         the classifier's toString()
//   OUT_PREFIX.proba        one line per TRAIN row, the class probabilities
//                           (Double.toString, tab separated, declared class order)
//   OUT_PREFIX.probe.proba  the same for the rows of PROBE.arff (if given; the
//                           probe file must have the same header as TRAIN.arff)
// A failing job writes OUT_PREFIX.err (the stack trace) and the run continues.
import java.io.*;
import weka.classifiers.Classifier;
import weka.classifiers.trees.Id3;
import weka.classifiers.trees.J48;
import weka.core.Instances;

public class WekaDump {
  static Instances read(String path) throws IOException {
    try (BufferedReader in = new BufferedReader(new FileReader(path))) {
      Instances data = new Instances(in);
      data.setClassIndex(data.numAttributes() - 1);
      return data;
    }
  }

  static void writeProba(Classifier model, Instances rows, String path) throws Exception {
    try (PrintWriter out = new PrintWriter(new FileWriter(path))) {
      for (int i = 0; i < rows.numInstances(); i++) {
        double[] p = model.distributionForInstance(rows.instance(i));
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < p.length; k++) {
          if (k > 0) line.append('\t');
          line.append(Double.toString(p[k]));
        }
        out.println(line);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    try (BufferedReader jobs = new BufferedReader(new FileReader(args[0]))) {
      String job;
      while ((job = jobs.readLine()) != null) {
        if (job.trim().isEmpty()) continue;
        String[] f = job.split("\t", -1);
        String prefix = f[2];
        try {
          Classifier model;
          if (f[0].equals("J48")) model = new J48();
          else if (f[0].equals("Id3")) model = new Id3();
          else throw new IllegalArgumentException("unknown classifier " + f[0]);
          String opts = f.length > 3 ? f[3].trim() : "";
          model.setOptions(opts.isEmpty() ? new String[0] : opts.split(" +"));
          Instances train = read(f[1]);
          model.buildClassifier(new Instances(train));
          try (PrintWriter out = new PrintWriter(new FileWriter(prefix + ".tree"))) {
            out.print(model.toString());
          }
          writeProba(model, train, prefix + ".proba");
          if (f.length > 4 && !f[4].trim().isEmpty()) {
            Instances probe = read(f[4].trim());
            if (!probe.equalHeaders(train)) throw new IllegalArgumentException("probe header differs");
            writeProba(model, probe, prefix + ".probe.proba");
          }
          System.out.println("done " + prefix);
        } catch (Exception e) {
          try (PrintWriter out = new PrintWriter(new FileWriter(prefix + ".err"))) {
            e.printStackTrace(out);
          }
          System.out.println("error " + prefix + " " + e);
        }
      }
    }
  }
}
